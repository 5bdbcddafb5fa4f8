import { isPlainObject, describe } from '../util/yaml-schema.js';
import { DiagnosticList } from '../util/diagnostics.js';
import { articleFromJson, markdownInput, readJsonBody, type ArticleInput } from './article-input.js';
import type { ServerContext } from './context.js';
import type { DeliveryAnswer, DeliveryLog } from './deliveries.js';
import { errorBody, HttpError, jsonResponse, readBody } from './http.js';
import type { PublishEvent, PublishOutcome } from './publish.js';
import { REQUEST_FILE } from './render.js';
import { verifyRequest } from './signature.js';

/**
 * `POST /hooks/publish`: a signed CMS event, JSON:
 *   { "event": "publish", "article": "<markdown with front matter>" | { …fields, "body": "…" }, "force"?: true }
 *   { "event": "unpublish", "slug": "<slug>" }
 * The signature (X-Wirekit-Signature or Standard Webhooks) is checked before the body is parsed.
 * Each delivery is applied at most once: one seen before within the signature window gets the
 * first answer again (`X-Wirekit-Replay: true`) and changes nothing. The change is applied after
 * the ones before it, holding out/'s lock (one writer); the answer is 200 with the files
 * added/changed/removed, or 202 at once when the request says `Prefer: respond-async`.
 */
export async function handlePublishHook(request: Request, context: ServerContext): Promise<Response> {
  const webhook = context.webhookState();
  if (webhook.state === 'misconfigured') {
    throw new HttpError(503, 'webhook-misconfigured', `The publish webhook is disabled: WIREKIT_WEBHOOK_SECRET is wrong (${context.secretProblems.join('; ')})`);
  }
  if (webhook.state === 'disabled') {
    throw new HttpError(503, 'webhook-disabled', 'The publish webhook is disabled: set WIREKIT_WEBHOOK_SECRET on the server to enable it');
  }
  const body = await readBody(request, context.maxBodyBytes);
  const check = verifyRequest({ secrets: context.secrets, headers: request.headers, body, now: context.now(), toleranceSeconds: context.toleranceSeconds });
  if (!check.ok) {
    throw new HttpError(401, check.code, check.message, { headers: { 'www-authenticate': check.scheme === 'standard' ? 'webhook-signature' : 'X-Wirekit-Signature' } });
  }

  const log = await context.deliveries();
  const id = check.deliveryId;
  const now = context.now();
  // Remembered while a request with this timestamp would still pass the check.
  const claim = log.claim(id, now, (check.timestamp + context.toleranceSeconds) * 1000);
  const respondAsync = /\brespond-async\b/i.test(request.headers.get('prefer') ?? '');
  if (claim.seen) {
    const replayHeaders = { 'x-wirekit-replay': 'true', 'x-wirekit-first-seen': new Date(claim.firstSeen).toISOString() };
    if (claim.pending && respondAsync) return jsonResponse(202, { accepted: true, replay: true }, { ...replayHeaders, 'preference-applied': 'respond-async' });
    const first = await claim.answer;
    if (!first) throw new HttpError(503, 'delivery-retry', 'The first attempt of this delivery failed before anything changed: send it again', { headers: { 'retry-after': '1' } });
    return jsonResponse(first.status, first.body, replayHeaders);
  }

  let event: PublishEvent;
  try {
    event = await parseEvent(body, context);
  } catch (error) {
    settleFailed(log, id, error);
    throw error;
  }
  const recorded = context.publish(event).then(answerOf).then(
    (answer) => {
      log.answer(id, answer);
      return answer;
    },
    (error: unknown) => {
      settleFailed(log, id, error);
      throw error;
    },
  );
  if (respondAsync) {
    recorded.then(
      (answer) => {
        const outcome = answer.body as { added: string[]; changed: string[]; removed: string[] };
        context.log(`wirekit serve: ${event.type} ${event.slug}: ${outcome.added.length} added, ${outcome.changed.length} changed, ${outcome.removed.length} removed`);
      },
      (error: unknown) => context.log(`wirekit serve: ${event.type} ${event.slug} failed: ${error instanceof Error ? error.message : String(error)}`),
    );
    return jsonResponse(202, { accepted: true, event: event.type, slug: event.slug, queued: context.queue.pending }, { 'preference-applied': 'respond-async' });
  }
  const answer = await recorded;
  return jsonResponse(answer.status, answer.body);
}

/** Answers that say what this delivery is (bad event, unknown slug, stale version, refused build) are kept for its replays; transient ones are not. */
const KEPT_ERRORS = new Set([400, 404, 409, 422]);

function settleFailed(log: DeliveryLog, id: string, error: unknown): void {
  if (error instanceof HttpError && KEPT_ERRORS.has(error.status)) log.answer(id, { status: error.status, body: errorBody(error) });
  else log.forget(id);
}

/** The event in the body, checked; 400 with positioned diagnostics when it is not one. */
async function parseEvent(body: Uint8Array, context: ServerContext): Promise<PublishEvent> {
  const options = await context.renderOptions();
  const read = readJsonBody(body, REQUEST_FILE);
  if (!read.json) throw new HttpError(400, 'invalid-json', 'The event is not valid JSON', { diagnostics: read.diagnostics });
  const { value, placeOf } = read.json;
  const list = new DiagnosticList(REQUEST_FILE);
  const whole = { line: 1, column: 1 };
  const kind = isPlainObject(value) ? value['event'] : undefined;
  if (!isPlainObject(value) || (kind !== 'publish' && kind !== 'unpublish')) {
    const found = isPlainObject(value) ? (value['event'] === undefined ? 'nothing' : describe(value['event'])) : describe(value);
    list.error('event-type', `Field \`event\`: expected "publish" or "unpublish", found ${found}`, placeOf(['event']) ?? whole, { field: 'event', expected: '"publish" or "unpublish"', actual: found });
    throw new HttpError(400, 'invalid-event', 'The event is not a publish or unpublish event', { diagnostics: list.items });
  }

  if (kind === 'unpublish') {
    const slug = value['slug'];
    if (typeof slug !== 'string' || slug.length === 0) {
      const found = slug === undefined ? 'nothing' : describe(slug);
      list.error('event-slug', `Field \`slug\`: expected the slug of the article to unpublish, found ${found}`, placeOf(['slug']) ?? whole, { field: 'slug', expected: 'a slug', actual: found });
      throw new HttpError(400, 'invalid-event', 'The unpublish event names no article', { diagnostics: list.items });
    }
    return { type: 'unpublish', slug };
  }
  const force = value['force'];
  if (force !== undefined && typeof force !== 'boolean') {
    list.error('event-force', `Field \`force\`: expected true or false, found ${describe(force)}`, placeOf(['force']) ?? whole, { field: 'force', expected: 'a boolean', actual: describe(force) });
    throw new HttpError(400, 'invalid-event', 'The publish event has a wrong field', { diagnostics: list.items });
  }
  const given = value['article'];
  let input: ArticleInput | undefined;
  let file = REQUEST_FILE;
  if (typeof given === 'string') {
    // Markdown: positions are within the article text, as in a content/ file.
    file = `${REQUEST_FILE}#article`;
    input = markdownInput(given, file);
  } else {
    const fromJson = articleFromJson(given, placeOf, ['article'], REQUEST_FILE);
    if (!fromJson.input) throw new HttpError(400, 'invalid-event', 'The publish event carries no article', { diagnostics: fromJson.diagnostics });
    input = fromJson.input;
  }
  const { article } = context.parse(input, options, file);
  return {
    type: 'publish',
    slug: article.slug,
    datePublished: article.datePublished,
    source: input.source,
    version: article.version,
    ...(article.signal ? { signal: article.signal } : {}),
    ...(force ? { force } : {}),
  };
}

/** The answer to an applied event; refusals as HttpError. */
function answerOf(outcome: PublishOutcome): DeliveryAnswer {
  const about = { event: outcome.event, slug: outcome.slug };
  if (outcome.status === 404) {
    throw new HttpError(404, 'unknown-article', `No article with slug ${JSON.stringify(outcome.slug)} in the content folder`, { body: about });
  }
  if (outcome.status === 409 && outcome.versions) {
    const { current, given } = outcome.versions;
    throw new HttpError(
      409,
      'stale-version',
      `The article ${JSON.stringify(outcome.slug)} carries version ${given}, older than version ${current} in ${outcome.file ?? 'content/'}; nothing was changed. Send version ${current} or later; to put back older text as a correction, give it "signal: correction" and send the event with "force": true`,
      { body: { ...about, currentVersion: current, givenVersion: given } },
    );
  }
  if (outcome.status === 422) {
    throw new HttpError(422, 'build-failed', `The build refused the ${outcome.event} of ${JSON.stringify(outcome.slug)}; nothing was changed`, {
      diagnostics: outcome.diagnostics,
      body: about,
    });
  }
  return { status: 200, body: outcome };
}
