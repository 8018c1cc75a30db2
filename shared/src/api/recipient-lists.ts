import { z } from 'zod';
import type { Recipient } from '../campaigns/recipients.js';
import { setOwnValue } from '../own-value.js';
import { type DefaultCountry, looksLikePhone, normalizePhone, phoneErrorMessage } from '../phone/normalize.js';

/** Recipients one JSON request may carry; CSV import takes the same number of rows. */
export const MAX_RECIPIENTS_PER_REQUEST = 100_000;
/** Largest CSV accepted by an import (the whole request body). */
export const MAX_CSV_BYTES = 8 * 1024 * 1024;
export const MAX_PAGE_SIZE = 5000;

export const ListId = z.string({ error: 'listId is required' }).regex(/^list_\d{1,16}_[a-z0-9]{6}$/, 'listId must be a list id like list_1734681600000_abc123');
export const ListIdParam = z.object({ listId: ListId });

const OptionalText = (field: string, max = 200) =>
  z
    .string({ error: `${field} must be text` })
    .trim()
    .max(max, `${field} must be at most ${max} characters`)
    .nullable()
    .optional();

const Scalar = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);

/** A recipient as a client sends it. Extra keys (or `customFields`) become custom fields for
 * `{{placeholders}}`. `number` becomes E.164 digits in recipientsFromInputs, once the default
 * country is known. */
export const RecipientInput = z
  .object({
    number: z.union([z.string(), z.number()], { error: 'number is required: use a phone number such as 6281234567890' }).refine(looksLikePhone, {
      error: (issue) =>
        phoneErrorMessage('number', issue.input, 'is not a phone number: use digits, with spaces, dashes, dots, parentheses or a leading + if you like'),
    }),
    name: OptionalText('name'),
    jobTitle: OptionalText('jobTitle'),
    companyName: OptionalText('companyName'),
    customFields: z.record(z.string().max(100), Scalar).optional(),
  })
  .catchall(Scalar);
export type RecipientInput = z.infer<typeof RecipientInput>;

export const RecipientInputs = z.array(RecipientInput).max(MAX_RECIPIENTS_PER_REQUEST, `at most ${MAX_RECIPIENTS_PER_REQUEST} recipients per request`);

const STANDARD = new Set(['number', 'name', 'jobTitle', 'companyName', 'customFields']);

/** The stored form of validated inputs, numbers in E.164 digits (national format read in
 * `defaultCountry`); a number that is none is reported at `recipients.<index>.number`. */
export function recipientsFromInputs(
  inputs: readonly RecipientInput[],
  defaultCountry: DefaultCountry,
): { recipients: Recipient[]; errors: { path: string; message: string }[] } {
  const recipients: Recipient[] = [];
  const errors: { path: string; message: string }[] = [];
  inputs.forEach((input, index) => {
    const number = normalizePhone(input.number, defaultCountry);
    if (number.ok) recipients.push(recipientFromInput(input, number.digits));
    else errors.push({ path: `recipients.${index}.number`, message: phoneErrorMessage('number', input.number, number.reason) });
  });
  return { recipients, errors };
}

function recipientFromInput(input: RecipientInput, number: string): Recipient {
  const customFields: Record<string, string> = {};
  const add = (key: string, value: unknown) => {
    if (value !== null && value !== undefined && String(value).trim() !== '') setOwnValue(customFields, key, String(value).trim());
  };
  for (const [key, value] of Object.entries(input.customFields ?? {})) add(key, value);
  for (const [key, value] of Object.entries(input)) if (!STANDARD.has(key)) add(key, value);
  const text = (value: string | null | undefined) => (value ? value : null);
  return { number, name: text(input.name), jobTitle: text(input.jobTitle), companyName: text(input.companyName), customFields };
}

const Name = (field: string) =>
  z
    .string({ error: `${field} is required` })
    .trim()
    .min(1, `${field} must not be empty`)
    .max(200, `${field} must be at most 200 characters`);
const Tags = z
  .array(z.string({ error: 'tags must be text' }).trim().min(1, 'a tag must not be empty').max(50, 'a tag must be at most 50 characters'), {
    error: 'tags must be an array of text',
  })
  .max(50, 'at most 50 tags');

export const CreateListBody = z.object({
  name: Name('name'),
  description: OptionalText('description', 1000),
  tags: Tags.optional(),
  recipients: RecipientInputs.optional(),
});

export const UpdateListBody = z
  .object({ name: Name('name').optional(), description: OptionalText('description', 1000), tags: Tags.optional(), recipients: RecipientInputs.optional() })
  .refine((body) => Object.values(body).some((value) => value !== undefined), 'Send at least one of name, description, tags or recipients');

export const CloneListBody = z.object({ newName: Name('newName') });

export const ListsQuery = z.object({
  search: z.string().max(200, 'search must be at most 200 characters').optional().describe('Matches name or description (case insensitive)'),
  tag: z.string().max(50, 'tag must be at most 50 characters').optional().describe('Lists carrying this tag (case insensitive)'),
});

export const PageQuery = z.object({
  page: z.coerce.number({ error: 'page must be a number' }).int('page must be a whole number').min(1, 'page must be at least 1').default(1),
  pageSize: z.coerce
    .number({ error: 'pageSize must be a number' })
    .int('pageSize must be a whole number')
    .min(1, 'pageSize must be at least 1')
    .max(MAX_PAGE_SIZE, `pageSize must be at most ${MAX_PAGE_SIZE}`)
    .default(1000),
});

export const ImportQuery = z.object({
  mode: z
    .enum(['append', 'replace'], { error: 'mode must be append or replace' })
    .default('append')
    .describe('append (default): add new numbers, update known ones; replace: the CSV becomes the whole list'),
});

export const Pagination = z.object({
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
  totalPages: z.number().int(),
  hasMore: z.boolean(),
});

export const RecipientOutput = z.object({
  number: z.string(),
  name: z.string().nullable(),
  jobTitle: z.string().nullable(),
  companyName: z.string().nullable(),
  customFields: z.record(z.string(), z.string()),
});

export const ListSummary = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  tags: z.array(z.string()),
  recipientCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastUsed: z.string().nullable(),
  usageCount: z.number().int(),
  sessionId: z.string().nullable().describe('The session whose token created it; null for the master key or an admin'),
});

export const ListDetails = ListSummary.extend({ recipients: z.array(RecipientOutput), pagination: Pagination });

export const ListCreatedResponse = z.object({ status: z.literal('success'), message: z.string(), id: z.string(), list: ListSummary });

export const ImportResponse = z.object({
  status: z.literal('success'),
  message: z.string(),
  imported: z.number().int().describe('Numbers added to the list'),
  merged: z.number().int().describe('Valid rows merged into a recipient already in the list or earlier in the file'),
  errors: z.array(z.object({ line: z.number().int(), message: z.string() })).describe('Rows left out, with their line in the file'),
  recipientCount: z.number().int(),
});
