import { commonSourceProperties, PathString, Type, type Static } from '@dird/core';

/** The keys of a `type: csv` source. */
export const CsvConfigSchema = Type.Object({
  ...commonSourceProperties,
  file: PathString({
    minLength: 1,
    description: 'The CSV file (UTF-8, first row is the header). Relative to the config file that sets it.',
  }),
  separator: Type.String({
    minLength: 1,
    maxLength: 1,
    default: ',',
    description: 'The field separator (one character).',
  }),
  reload_interval: Type.Number({
    minimum: 0,
    default: 1,
    description:
      'Seconds between checks of the file for changes; a changed file is reloaded without a restart. 0 turns reloading off.',
  }),
  prepared_entries: Type.Boolean({
    default: true,
    description:
      "Write each row's lookup entry once per display at load, as the answers send it (faster lookups, for about " +
      'the size of the entries in memory: some 250 bytes a row and a display); false writes them per lookup instead.',
  }),
});

/** A validated `type: csv` source block. */
export type CsvConfig = Static<typeof CsvConfigSchema>;
