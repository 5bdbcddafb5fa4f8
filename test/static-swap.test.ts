import { renameSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BuildFiles } from '../src/server/static.js';
import { projectCopy, removeTemporary, runCli } from './helpers.js';

afterAll(removeTemporary);

describe('serving out/ while a full build swaps it', () => {
  it('answers a request that arrives between the two renames with the file, not a 404', async () => {
    const project = projectCopy();
    expect((await runCli(['build', '--quiet'], { cwd: project })).code).toBe(0);
    const outDir = path.join(project, 'out');
    const files = new BuildFiles(outDir);
    // As the swap does: out/ renamed aside, then the new folder renamed into place a moment later.
    renameSync(outDir, `${outDir}.old-test`);
    const answer = files.respond(new Request('http://127.0.0.1/english/feeds/en/rss.xml'), '/english/feeds/en/rss.xml');
    await new Promise((resolve) => setTimeout(resolve, 20));
    renameSync(`${outDir}.old-test`, outDir);
    const response = await answer;
    expect(response?.status).toBe(200);
    expect(await response?.text()).toContain('<rss');
  });

  it('still answers no file when there is no build at all', async () => {
    const files = new BuildFiles(path.join(projectCopy(), 'out'));
    expect(await files.respond(new Request('http://127.0.0.1/english/'), '/english/')).toBeUndefined();
  });
});
