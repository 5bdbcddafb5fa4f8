import { existsSync } from 'node:fs';
import type { Article } from '../article/types.js';
import type { RenderOptions } from '../formats/article-formats.js';
import { bodyHtml } from '../formats/body-html.js';
import { newsItemXml } from '../formats/newsml.js';
import { newsMessageXml } from '../formats/newsml-message.js';
import { ninjsJson } from '../formats/ninjs.js';
import { checkNewsmlDocuments } from '../validate/newsml.js';
import { checkNinjs } from '../validate/ninjs.js';

/**
 * NewsML-G2 + ninjs generation and schema validation over the whole corpus: what `wirekit
 * build` + `wirekit validate` spend on these two formats. Validation needs the official schemas
 * (`schemasDir`); without them those rows are skipped.
 */
export interface BenchRow {
  label: string;
  ms: number;
  /** Documents handled; errors found (must be 0 for wirekit's own output). */
  documents?: number;
  errors?: number;
}

/** Above this size the single newsMessage is not validated against the XSD (libxml2's tree of it would need GBs of wasm heap). */
const MESSAGE_XSD_LIMIT = 32 * 1024 * 1024;

export async function benchNewsml(articles: readonly Article[], options: RenderOptions, schemasDir?: string): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  let started = performance.now();
  const items = articles.map((article) => ({ file: `newsml/${article.slug}.xml`, text: newsItemXml(article, { site: options.site }) }));
  const message = newsMessageXml(articles, { site: options.site }) ?? '';
  rows.push({ label: 'NewsML-G2 items + message', ms: performance.now() - started, documents: items.length + 1 });
  started = performance.now();
  const ninjs = articles.map((article) => ({ file: `ninjs/${article.slug}.json`, text: ninjsJson(article, { site: options.site, bodyHtml: bodyHtml(article.body.tree, article.url) }) }));
  rows.push({ label: 'ninjs (incl. body HTML)', ms: performance.now() - started, documents: ninjs.length });
  if (schemasDir === undefined || !existsSync(schemasDir)) return rows;

  started = performance.now();
  const documents = message.length <= MESSAGE_XSD_LIMIT ? [...items, { file: 'newsml/message.xml', text: message }] : items;
  const newsml = await checkNewsmlDocuments(documents, { schemasDir });
  rows.push({ label: `NewsML-G2 XSD + rules${documents.length === items.length ? ` (message ${Math.round(message.length / 1048576)} MB not sent to the XSD)` : ''}`, ms: performance.now() - started, documents: documents.length, errors: errorCount(newsml.flat()) });

  started = performance.now();
  let ninjsErrors = 0;
  for (const document of ninjs) ninjsErrors += errorCount(await checkNinjs(document.text, { file: document.file, schemasDir }));
  rows.push({ label: 'ninjs 3.1 JSON Schema', ms: performance.now() - started, documents: ninjs.length, errors: ninjsErrors });
  return rows;
}

const errorCount = (diagnostics: readonly { severity: string }[]): number => diagnostics.filter((item) => item.severity === 'error').length;
