// Public API: re-exports only.
export { parseArticle, type ParseOptions, type ParseResult } from './article/parse.js';
export type * from './article/types.js';
export { parseCopyrightLine, findTrailingCopyright, type CopyrightLine } from './article/copyright.js';
export { siteSchema, type SiteConfig } from './config/site.js';
export { outputPathOf, translationUrlOf, companionUrl, homeUrl, DEFAULT_PATHS, MANIFEST_FILE, type SitePaths } from './config/urls.js';
export { render, articleFormatNames, ARTICLE_FORMATS, MEDIA_TYPES, type RenderOptions, type RenderedArticle, type RenderedOutput, type ArticleFormatRenderer, type ArticleRenderContext } from './formats/article-formats.js';
export { COLLECTIONS, renderCollections, type CollectionRenderer } from './formats/collections.js';
export { build, Builder, renderAll, summarizeRepeats, type BuildOptions, type BuildResult, type BuildStats } from './build/build.js';
export { watchBuild, type Watcher } from './build/watch.js';
export { latestChanged, type CollectionResult } from './formats/collections.js';
export type { ManifestEntry, Manifest } from './build/write.js';
export { loadProject, resolvePaths, parseSiteConfig, type ProjectOptions, type ProjectPaths, type LoadedProject } from './build/project.js';
export { articleGraph, scriptSafeJson, type JsonLdOptions } from './formats/jsonld.js';
export { bodyHtml } from './formats/body-html.js';
export { normalizedMarkdown } from './formats/markdown.js';
export { formatDiagnostics, type Diagnostic, type Severity } from './util/diagnostics.js';
export { validate, validateDocument, FORMAT_NAMES, type ValidateOptions, type ValidateInput, type ValidateResult, type FileReport } from './validate/index.js';
export { detectFormat, type Detected } from './validate/detect.js';
export { RULES, type RuleDoc, type RuleId } from './util/rules.js';
export { DEFAULT_LIMITS, type Limits } from './validate/limits.js';
export type { DocumentFormat, Checker, CheckOptions } from './validate/types.js';
export { compileTemplate, type CompiledTemplate } from './util/template.js';
export { headlineVariants, variantsOverLimit, HEADLINE_VARIANT_NAMES, DEFAULT_HEADLINE_LIMITS, type HeadlineVariant, type HeadlineVariants, type HeadlineLimits, type HeadlineVariantSource, type HeadlineVariantOptions } from './i18n/headlines.js';
export { truncate, graphemes, graphemeLength, type TruncateOptions, type Truncated } from './i18n/truncate.js';
export { formatDateTime, formatList, languageName, quote, type QuotationMarks } from './i18n/format.js';
export { createLocalizer, fallbackChain, REFERENCE_LANGUAGE, type Localizer, type LocaleResources, type ResourceTree, type LabelKey } from './i18n/instance.js';
export { languageVersions, versionIn, versionForOutput, missingLanguages, missingTranslationWarning, articleInVersion, translationUrl, type LanguageVersion, type OutputVersion } from './i18n/versions.js';
export { headlinesReport, articleHeadlineVariants, type HeadlinesReport, type ArticleHeadlines, type VersionHeadlines } from './i18n/report.js';
export { loadLocales, checkLocales } from './build/locales.js';
export { loadConfigFile, applySiteOverrides, configSchema, CONFIG_FILE_NAMES, type ConfigFileValues, type LoadedConfigFile } from './config/file.js';
export { createHandler, type WirekitHandler } from './server/handler.js';
export { type HandlerOptions } from './server/context.js';
export { serve, nodeListener, type ServeOptions, type RunningServer } from './server/node.js';
export {
  signWebhook,
  signStandardWebhook,
  verifyWebhook,
  verifyRequest,
  parseSecrets,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  STANDARD_ID_HEADER,
  STANDARD_TIMESTAMP_HEADER,
  STANDARD_SIGNATURE_HEADER,
  type SignatureCheck,
  type WebhookSecrets,
} from './server/signature.js';
export { DeliveryLog, type DeliveryAnswer } from './server/deliveries.js';
export { OutLock, OutLockedError, describeHolder, lockFileOf, DEFAULT_LOCK_WAIT_MS, type LockHolder, type LockOptions } from './build/lock.js';
export { applyPublishEvent, applyPublishEvents, PublishQueue, type PublishEvent, type PublishIndex, type PublishOutcome } from './server/publish.js';
export { newsItemXml, newsItemElement, newsItemTree, newsItemDocument, INLINE_SCHEMES, NAR_NS, NEWSML_MEDIA_TYPES, type NewsmlOptions } from './formats/newsml.js';
export { newsMessageXml } from './formats/newsml-message.js';
export { ninjsDocument, ninjsJson, type NinjsArticle, type NinjsDocument, type NinjsOptions } from './formats/ninjs.js';
export { MEDIA_TOPICS, type MediaTopic } from './formats/media-topics.js';
export { checkNewsml, checkNewsmlDocuments, checkNewsmlStructure, NEWSML_RULES } from './validate/newsml.js';
export { checkNinjs, NINJS_RULES } from './validate/ninjs.js';
export { validateWithXsd, loadNewsmlSchemas, type XsdDocument, type XsdSchemaSet } from './validate/xsd.js';
export { rssFeed } from './formats/rss.js';
export { atomFeed } from './formats/atom.js';
export { jsonFeed, jsonFeedDocument, type JsonFeedDocument, type JsonFeedItem } from './formats/jsonfeed.js';
export { newsSitemap, newsSitemapEntries, type NewsSitemapEntry } from './formats/news-sitemap.js';
export { selectFeed, feedItem, type Feed, type FeedItem, type FeedChannel, type FeedOptions, type FeedSelection } from './formats/feed-items.js';
export { renderFeeds, fitFeed, FEED_MEDIA_TYPES, NEWS_SITEMAP_PATH, type FittedFeed } from './formats/feeds.js';
export { renderHomePages, homeGraph } from './formats/home.js';
export { checkLinks, articleLinks, hreflangFindings, type LinkRef, type ArticleLinks } from './build/links.js';
export { feedsSchema, parseFeedsConfig, type FeedsConfig } from './config/feeds.js';
