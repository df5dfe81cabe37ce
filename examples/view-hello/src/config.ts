import { Type, type Static } from '@dird/core';

/** `views.hello`: the settings of the `hello` view. */
export const HelloConfigSchema = Type.Object(
  {
    greeting: Type.String({
      minLength: 1,
      default: 'Hello from dird',
      description: 'What GET /0.1/hello answers in `greeting`.',
    }),
  },
  { default: {} },
);

/** A validated `views.hello` block. */
export type HelloConfig = Static<typeof HelloConfigSchema>;
