// Public API: re-exports only.
export { parseArticle, type ParseOptions, type ParseResult } from './article/parse.js';
export type * from './article/types.js';
export { parseCopyrightLine, findTrailingCopyright, type CopyrightLine } from './article/copyright.js';
export { siteSchema, type SiteConfig } from './config/site.js';
export { render, articleFormatNames, ARTICLE_FORMATS, MEDIA_TYPES, type RenderOptions, type RenderedArticle, type RenderedOutput, type ArticleFormatRenderer, type ArticleRenderContext } from './build/render.js';
export { COLLECTIONS, renderCollections, type CollectionRenderer } from './build/collections.js';
export { build, renderAll, type BuildOptions, type BuildResult, type BuildStats } from './build/build.js';
export { loadProject, resolvePaths, parseSiteConfig, type ProjectOptions, type ProjectPaths, type LoadedProject } from './build/project.js';
export { articleGraph, scriptSafeJson, type JsonLdOptions } from './formats/jsonld.js';
export { bodyHtml } from './formats/body-html.js';
export { normalizedMarkdown } from './formats/markdown.js';
export { formatDiagnostics, type Diagnostic, type Severity } from './util/diagnostics.js';
export { compileTemplate, type CompiledTemplate } from './util/template.js';
