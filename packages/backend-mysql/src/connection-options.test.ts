import { describe, expect, it } from 'vitest';
import { checkBlock } from '@dird/core';
import { MysqlConfigSchema, type MysqlConfig } from './config.js';
import { connectionTarget, describeTarget, parseMysqlUri } from './connection-options.js';

const block = (keys: Record<string, unknown>) =>
  checkBlock<MysqlConfig>(MysqlConfigSchema, { name: 'crm', type: 'mysql', table: 't', ...keys }).value;

describe('mysql_uri', () => {
  it('percent-decodes the user, the password and the database', () => {
    expect(parseMysqlUri('mysql://d%40ird:p%40ss%3Aw%2Frd%25@db.example:3307/crm%2Dprod')).toEqual({
      host: 'db.example',
      port: 3307,
      user: 'd@ird',
      password: 'p@ss:w/rd%',
      database: 'crm-prod',
    });
  });

  it('defaults the port to 3306 and takes IPv6 literals', () => {
    expect(parseMysqlUri('mariadb://u@[::1]/crm')).toMatchObject({ host: '::1', port: 3306, user: 'u', password: '' });
  });

  it('says what is wrong with a bad URI', () => {
    expect(() => parseMysqlUri('db.example/crm')).toThrow(/mysql_uri: not a URI/);
    expect(() => parseMysqlUri('postgres://u@h/crm')).toThrow(/scheme "postgres:" is not mysql:/);
    expect(() => parseMysqlUri('mysql://u@h')).toThrow(/the path must be the database name/);
    expect(() => parseMysqlUri('mysql://u@h/crm?ssl=true')).toThrow(/use the source keys ssl/);
    expect(() => parseMysqlUri('mysql://u:%zz@h/crm')).toThrow(/password has a malformed %-escape/);
  });
});

describe('connectionTarget', () => {
  it('takes the separate keys when there is no mysql_uri', () => {
    const target = connectionTarget(block({ host: 'db', user: 'dird', password: 'x', database: 'crm' }));
    expect(target).toEqual({ host: 'db', port: 3306, user: 'dird', password: 'x', database: 'crm' });
    expect(describeTarget(target)).toBe('dird@db:3306/crm');
  });

  it('refuses both ways at once, neither, or no database', () => {
    expect(() => connectionTarget(block({ mysql_uri: 'mysql://u@h/crm', host: 'h' }))).toThrow(
      /mysql_uri: give the connection either as mysql_uri or as host.*also set: host/,
    );
    expect(() => connectionTarget(block({}))).toThrow(/no connection: set mysql_uri, or host/);
    expect(() => connectionTarget(block({ host: 'h' }))).toThrow(/database: missing/);
  });
});
