import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validate } from '../src/validate/index.js';
import { BUNDLED_SCHEMAS_DIR } from '../src/validate/xsd.js';
import { REPO, specPath, specsAvailable } from './helpers.js';

/**
 * The official schemas ship in the package (`schemas/`), so that an installed wirekit runs every
 * official check: each file the published original, its licence beside it, and used by default.
 */
const SHIPPED = [
  'newsml-g2-2.35/NewsML-G2_2.35-spec-All-Power.xsd',
  'newsml-g2-2.35/xml.xsd',
  'ninjs/ninjs-schema_3.1.json',
  'ninjs/GeoJSON-schema.json',
  'schemaorg/schemaorg-current-https.jsonld',
];

describe('the schemas shipped in the package', () => {
  it('are found beside the module, listed in package.json "files", each folder with its LICENCE', () => {
    expect(path.resolve(BUNDLED_SCHEMAS_DIR)).toBe(path.join(REPO, 'schemas'));
    const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { files: string[]; dependencies: Record<string, string> };
    expect(manifest.files).toContain('schemas');
    expect(Object.keys(manifest.dependencies)).not.toContain('xmllint-wasm');
    for (const file of SHIPPED) expect(existsSync(path.join(BUNDLED_SCHEMAS_DIR, file)), file).toBe(true);
    for (const folder of new Set(SHIPPED.map((file) => file.split('/')[0] ?? ''))) {
      const licence = readFileSync(path.join(BUNDLED_SCHEMAS_DIR, folder, 'LICENCE'), 'utf8');
      expect(licence).toMatch(folder === 'schemaorg' ? /CC BY-SA 3\.0/ : /Creative Commons Attribution 4\.0 International Public License/);
    }
    // Nothing else hides in the folder: every file is accounted for above, in a README or a licence.
    const listed = readdirSync(BUNDLED_SCHEMAS_DIR, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(BUNDLED_SCHEMAS_DIR, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
      .filter((file) => !/(^|\/)(README\.md|LICENCE|LICENSE-[\w-]+)$/.test(file));
    expect(listed.sort()).toEqual([...SHIPPED].sort());
  });

  it.runIf(specsAvailable('byte comparison of the shipped schemas'))('are byte for byte the published files kept in shared/specs', () => {
    for (const file of SHIPPED) expect(readFileSync(path.join(BUNDLED_SCHEMAS_DIR, file)).equals(readFileSync(specPath(...file.split('/')))), file).toBe(true);
  });

  it('run every official check by default: no check skipped, XSD-only faults caught', async () => {
    const fixtures = path.join(REPO, 'test', 'fixtures', 'newsml');
    const result = await validate([path.join(fixtures, 'valid-item.xml'), path.join(fixtures, 'three-part-standardversion.xml')]);
    expect(result.diagnostics.filter((item) => item.ruleId === 'official-check-skipped' || item.ruleId === 'newsml-xsd-skipped')).toEqual([]);
    expect(result.files[0]?.diagnostics).toEqual([]);
    // The XSD's own finding, beside the built-in rule's.
    expect(result.files[1]?.diagnostics.map((item) => item.ruleId)).toContain('newsml-xsd');
  });
});
