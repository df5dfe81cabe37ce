import { Type, type Static } from '@dird/core';

/**
 * The keys of the `views` section the `hello` view reads (views share the section, as in xivo-dird):
 * `views.hello`. The daemon checks them before `load`, and names the file and key of a mistake.
 */
export const HelloConfigSchema = Type.Object(
  {
    hello: Type.Object(
      {
        greeting: Type.String({
          minLength: 1,
          default: 'Hello from dird',
          description: 'What GET /0.1/hello answers in `greeting`.',
        }),
      },
      { default: {} },
    ),
  },
  { default: {} },
);

/** The validated keys of the `views` section the `hello` view reads. */
export type HelloConfig = Static<typeof HelloConfigSchema>;
