import type { FeedsConfig } from '../config/feeds.js';
import type { SiteConfig } from '../config/site.js';
import { PAGE_TEMPLATE_VALUES } from '../formats/html.js';
import { createLocalizer, type LocaleResources } from '../i18n/instance.js';
import { compileTemplate, type CompiledTemplate } from '../util/template.js';
import type { RenderOptions } from '../formats/article-formats.js';

/**
 * What rendering needs, as plain data that can cross to a worker thread: the checked site and
 * feeds configuration, the page template's source and the locale resources. The main thread loads
 * and checks the project once (config files, including a `wirekit.config.mjs`, run once); each
 * worker only compiles the template and builds its i18next instance from these.
 */
export interface RenderInputs {
  site: SiteConfig;
  feeds?: FeedsConfig;
  template: { source: string; file: string };
  resources: LocaleResources;
}

/** The render options of already checked inputs; undefined if the template does not compile. */
export function renderOptionsOf(inputs: RenderInputs): RenderOptions | undefined {
  const { template } = compileTemplate(inputs.template.source, inputs.template.file, PAGE_TEMPLATE_VALUES);
  return template ? renderOptionsWith(inputs, template) : undefined;
}

/** The render options of `inputs` whose template is already compiled (`loadProject`). */
export function renderOptionsWith(inputs: RenderInputs, pageTemplate: CompiledTemplate): RenderOptions {
  const render: RenderOptions = { site: inputs.site, pageTemplate, localizer: createLocalizer(inputs.resources) };
  if (inputs.feeds) render.feeds = inputs.feeds;
  return render;
}
