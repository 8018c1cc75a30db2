// Building blocks of the settings schemas (session host, edge, `npm start`): every setting arrives
// as a string from the environment, .env or workerd's bindings; a blank one (`NAME=` copied from
// .env.example) means unset; a bad one is refused with a message that names it.
import { z } from 'zod';

const blankAsUnset = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** Free text; blank or absent is undefined. */
export const optionalText = z.preprocess(blankAsUnset, z.string().trim().optional());

/** Free text with a default for blank or absent. */
export const textWithDefault = (fallback: string) => z.preprocess(blankAsUnset, z.string().trim().default(fallback));

/** A number of whole units (ms, bytes, a port…) within bounds, with a default for blank or absent. */
export function wholeNumber(name: string, options: { min: number; max?: number; fallback: number }) {
  const bounds = options.max === undefined ? `of at least ${options.min}` : `from ${options.min} to ${options.max}`;
  const message = `${name} must be a whole number ${bounds}`;
  return z.preprocess(
    blankAsUnset,
    z
      .string()
      .regex(/^\d{1,15}$/, message)
      .transform(Number)
      .pipe(
        z
          .number()
          .min(options.min, message)
          .max(options.max ?? Number.MAX_SAFE_INTEGER, message),
      )
      .default(options.fallback),
  );
}

/** A TCP port; 0 lets the system choose one. */
export const port = (name: string, fallback: number) => wholeNumber(name, { min: 0, max: 65535, fallback });

/** A decimal number of at least `min` (e.g. a rate a minute). */
export function decimal(name: string, options: { min: number; fallback: number }) {
  const message = `${name} must be a number of at least ${options.min}`;
  return z.preprocess(
    blankAsUnset,
    z
      .string()
      .regex(/^\d{1,15}(\.\d{1,15})?$/, message)
      .transform(Number)
      .pipe(z.number().min(options.min, message))
      .default(options.fallback),
  );
}

/** `true` or `false`. */
export const flag = (name: string, fallback: boolean) =>
  z.preprocess(
    blankAsUnset,
    z
      .enum(['true', 'false'], { error: `${name} must be true or false` })
      .default(fallback ? 'true' : 'false')
      .transform((value) => value === 'true'),
  );

/** One of a fixed set of words. */
export const oneOf = <const T extends readonly [string, ...string[]]>(name: string, values: T, fallback: T[number]) =>
  z.preprocess(blankAsUnset, z.enum(values, { error: `${name} must be one of ${values.join(', ')}` }).default(fallback));

/** "Invalid <what> configuration: <one message per bad setting>"; each message names its setting. */
export function describeBadSettings(what: string, error: z.ZodError): string {
  const messages = error.issues.map((issue) => {
    const name = issue.path.join('.');
    // zod's own messages (a wrong type) do not name the setting; ours do.
    return name && !issue.message.includes(name) ? `${name}: ${issue.message}` : issue.message;
  });
  return `Invalid ${what} configuration: ${[...new Set(messages)].join('; ')}`;
}
