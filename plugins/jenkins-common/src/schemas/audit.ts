import { z } from 'zod';
import { auditScriptSchema } from './buildViews';
import { buildResultSchema } from './events';

/** What was attempted. @public */
export const auditActionSchema = z.enum([
  'trigger',
  'rebuild',
  'abort',
  'cancel',
  'approve',
  'reject',
  'restart',
  'replay',
  'pause',
  'resume',
]);

/** One attempt in the audit trail. @public */
export const auditEntrySchema = z.object({
  id: z.string(),
  /** ISO 8601. */
  time: z.string(),
  actor: z.object({
    userRef: z.string(),
    jenkinsUser: z.string().nullable(),
  }),
  action: auditActionSchema,
  entityRef: z.string(),
  instance: z.string(),
  jobFullName: z.string(),
  buildNumber: z.number().nullable(),
  queueId: z.number().nullable(),
  /** Parameters as sent, with password values replaced by `********`. */
  parameters: z.record(z.string(), z.unknown()).nullable(),
  decision: z.enum(['allow', 'deny']),
  /**
   * What came of it: `pending` until Jenkins answered; `denied` by the
   * policy or by Jenkins; `unreachable` when the request never reached
   * Jenkins; `unknown` when it may have (a timeout after sending), so the
   * write must not be repeated blindly.
   */
  outcome: z.enum([
    'pending',
    'success',
    'failure',
    'denied',
    'unreachable',
    'unknown',
  ]),
  /** The HTTP status Jenkins really answered; null when it answered nothing. */
  jenkinsStatus: z.number().nullable(),
  message: z.string().nullable(),
  requestId: z.string(),
  /**
   * `http` for the portal, `action` for the actions registry (MCP),
   * `template` for a software template's step (the scaffolder calling the
   * HTTP API on behalf of the template's user).
   */
  via: z.enum(['http', 'action', 'template']),
  /**
   * `false` when the entity the attempt named was not found for its author
   * (it does not exist, or they cannot see it): filed under the ref asked
   * for, in the export, never in an entity's activity. Absent otherwise.
   */
  entityFound: z.literal(false).optional(),
  /**
   * The Backstage plugin that carried the request for the person, from its
   * signed on-behalf-of token (never from the request's content), e.g.
   * `plugin:mcp-actions` for an AI assistant over MCP. Backstage does not
   * pass the assistant's own OAuth client id on to actions (the tokens its
   * OAuth flow issues carry only the user), so this names the MCP server,
   * not the assistant. Absent when the person's own session made the
   * request.
   */
  client: z.string().optional(),
  /**
   * The job's environment when the attempt was made, from config (as the
   * permission decision saw it). Absent on entries written before it was
   * recorded and on jobs without one.
   */
  environment: z.string().optional(),
  /**
   * What a replay ran (present only on `replay` entries): the script's
   * sha256 and its unified diff against the original build's scripts.
   */
  script: auditScriptSchema.optional(),
  /**
   * The build a run or rebuild started, as Jenkins' build events told it
   * (matched by the request id the build carries): its number once it
   * started, its result and duration once it finished. Absent until an event
   * arrived, and for every other action.
   */
  build: z
    .object({
      number: z.number().int().positive(),
      result: buildResultSchema.optional(),
      durationMs: z.number().int().nonnegative().optional(),
    })
    .optional(),
});

/** `GET /entities/:kind/:namespace/:name/activity`. @public */
export const activityPageSchema = z.object({
  items: z.array(auditEntrySchema),
  nextCursor: z.string().nullable(),
});
