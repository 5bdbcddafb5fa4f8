import { readFile } from 'node:fs/promises';
import * as v from 'valibot';
import { DiagnosticList, type Diagnostic } from '../util/diagnostics.js';
import { isKnownLanguage } from '../util/language.js';
import { isPlainText, PLAIN_TEXT_EXPECTED } from '../article/plain-text.js';
import { checkWithSchema, readYaml } from '../util/yaml-schema.js';

/**
 * Channel metadata of the feeds, per language: `templates/feeds.json` (optional). Everything
 * has a default from `site.json`, so the file only carries what differs; rebranding or adding a
 * language's channel title is editing it, no code.
 */
const absoluteUrl = v.pipe(
  v.string('an absolute http(s) URL'),
  v.check((text) => /^https?:\/\/[^\s/]+/.test(text) && URL.canParse(text), 'an absolute http(s) URL'),
);

// Channel texts go into feed titles and descriptions: plain text, as headlines (docs/input-policy.md).
const nonEmpty = (what: string) => v.pipe(v.string(what), v.trim(), v.nonEmpty(`${what} (not empty)`), v.check(isPlainText, `${what} in ${PLAIN_TEXT_EXPECTED}`));

const channelSchema = v.object({
  /** Channel title in that language (`<title>`, Atom `title`, JSON Feed `title`). */
  title: v.exactOptional(nonEmpty('a channel title')),
  /** Channel description in that language (plain text). */
  description: v.exactOptional(nonEmpty('a channel description')),
  /** Home page of that language's edition (`<link>`, `home_page_url`); default `site.url`. */
  homePage: v.exactOptional(absoluteUrl),
});

export const feedsSchema = v.object({
  /** Channel copyright line; default `Copyright © <publisher name>`. */
  copyright: v.exactOptional(nonEmpty('a copyright line')),
  /** Google News `news:publication/news:name`; default the site name. */
  publicationName: v.exactOptional(nonEmpty('the publication name as registered with Google News')),
  channels: v.optional(
    v.record(
      v.pipe(v.string(), v.check(isKnownLanguage, 'a known BCP 47 language tag such as en, it, pt-BR')),
      channelSchema,
      'a mapping from language tag to channel metadata',
    ),
    {},
  ),
});

export type FeedsConfig = v.InferOutput<typeof feedsSchema>;
export type ChannelConfig = v.InferOutput<typeof channelSchema>;

/** The site's name in `language`: that language's channel title, else site.json's `name`. */
export const siteNameIn = (language: string, site: { name: string }, feeds: FeedsConfig | undefined): string => feeds?.channels[language]?.title ?? site.name;

/** Check the text of `templates/feeds.json`; problems are reported at their `line:column`. */
export function parseFeedsConfig(text: string, file: string, diagnostics: Diagnostic[]): FeedsConfig | undefined {
  const list = new DiagnosticList(file);
  const options = { diagnostics: list, rulePrefix: 'config', wholePlace: { line: 1, column: 1 } };
  const yaml = readYaml(text, options);
  const feeds = yaml ? checkWithSchema(yaml.value, feedsSchema, yaml, options) : undefined;
  diagnostics.push(...list.items);
  return feeds;
}

/** `templates/feeds.json` is optional: a missing file means every default; a broken one is an error. */
export async function readFeedsConfig(file: string, shown: string, diagnostics: Diagnostic[]): Promise<FeedsConfig | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    if (code === 'ENOENT') return undefined;
    diagnostics.push({ file: shown, severity: 'error', ruleId: 'read', message: `Cannot read the file (${code})`, expected: 'a readable file', actual: code });
    return undefined;
  }
  return parseFeedsConfig(text, shown, diagnostics);
}
