import { isPlainObject, describe } from '../util/yaml-schema.js';
import { DiagnosticList } from '../util/diagnostics.js';
import { articleFromJson, markdownInput, readJsonBody, type ArticleInput } from './article-input.js';
import type { ServerContext } from './context.js';
import { HttpError, jsonResponse, readBody } from './http.js';
import { applyPublishEvent, type PublishEvent } from './publish.js';
import { REQUEST_FILE } from './render.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhook } from './signature.js';

/**
 * `POST /hooks/publish`: a signed CMS event, JSON:
 *   { "event": "publish", "article": "<markdown with front matter>" | { …fields, "body": "…" } }
 *   { "event": "unpublish", "slug": "<slug>" }
 * The signature is checked before the body is parsed. The change is applied after the ones
 * before it (one build at a time); the answer is 200 with the files added/changed/removed, or
 * 202 at once when the request says `Prefer: respond-async`.
 */
export async function handlePublishHook(request: Request, context: ServerContext): Promise<Response> {
  if (context.secret === undefined) {
    throw new HttpError(503, 'webhook-disabled', 'The publish webhook is disabled: set WIREKIT_WEBHOOK_SECRET on the server to enable it');
  }
  const body = await readBody(request, context.maxBodyBytes);
  const check = verifyWebhook({
    secret: context.secret,
    signature: request.headers.get(SIGNATURE_HEADER),
    timestamp: request.headers.get(TIMESTAMP_HEADER),
    body,
    now: context.now(),
    toleranceSeconds: context.toleranceSeconds,
  });
  if (!check.ok) throw new HttpError(401, check.code, check.message, { headers: { 'www-authenticate': 'X-Wirekit-Signature' } });

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

  let event: PublishEvent;
  if (kind === 'unpublish') {
    const slug = value['slug'];
    if (typeof slug !== 'string' || slug.length === 0) {
      const found = slug === undefined ? 'nothing' : describe(slug);
      list.error('event-slug', `Field \`slug\`: expected the slug of the article to unpublish, found ${found}`, placeOf(['slug']) ?? whole, { field: 'slug', expected: 'a slug', actual: found });
      throw new HttpError(400, 'invalid-event', 'The unpublish event names no article', { diagnostics: list.items });
    }
    event = { type: 'unpublish', slug };
  } else {
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
    event = { type: 'publish', slug: article.slug, datePublished: article.datePublished, source: input.source };
  }

  const paths = await context.paths();
  const job = context.queue.run(() => applyPublishEvent(event, paths, () => context.rebuild()));
  if (/\brespond-async\b/i.test(request.headers.get('prefer') ?? '')) {
    job.then(
      (outcome) => context.log(`wirekit serve: ${outcome.event} ${outcome.slug}: ${outcome.ok ? `${outcome.added.length} added, ${outcome.changed.length} changed, ${outcome.removed.length} removed` : `failed (${outcome.status})`}`),
      (error: unknown) => context.log(`wirekit serve: ${event.type} ${event.slug} failed: ${error instanceof Error ? error.message : String(error)}`),
    );
    return jsonResponse(202, { accepted: true, event: event.type, slug: event.slug, queued: context.queue.pending }, { 'preference-applied': 'respond-async' });
  }
  const outcome = await job;
  if (outcome.status === 404) {
    throw new HttpError(404, 'unknown-article', `No article with slug ${JSON.stringify(outcome.slug)} in the content folder`, { body: { event: outcome.event, slug: outcome.slug } });
  }
  if (outcome.status === 422) {
    throw new HttpError(422, 'build-failed', `The build refused the ${outcome.event} of ${JSON.stringify(outcome.slug)}; nothing was changed`, {
      diagnostics: outcome.diagnostics,
      body: { event: outcome.event, slug: outcome.slug },
    });
  }
  return jsonResponse(200, outcome);
}
