import { describe, expect, it } from 'vitest';
import { findTrailingCopyright, parseCopyrightLine } from '../src/article/copyright.js';
import { articleSource, parseOk } from './helpers.js';

describe('copyright line recognition', () => {
  const recognised: [string, string, number | undefined][] = [
    ['Copyright © ANSA', 'ANSA', undefined],
    ['© ANSA 2025', 'ANSA', 2025],
    ['(c) ANSA', 'ANSA', undefined],
    ['(C) ANSA', 'ANSA', undefined],
    ['Copyright ANSA', 'ANSA', undefined],
    ['Copyright (c) 2025 ANSA', 'ANSA', 2025],
    ['© 2025 ANSA. All rights reserved.', 'ANSA', 2025],
    ['Copyright © 2024-2025 Agenzia ANSA', 'Agenzia ANSA', 2025],
    ['© ANSA, 2025', 'ANSA', 2025],
    ['COPYRIGHT © ANSA', 'ANSA', undefined],
  ];
  for (const [line, holder, year] of recognised) {
    it(`recognises ${JSON.stringify(line)}`, () => {
      const parsed = parseCopyrightLine(line);
      expect(parsed?.holder).toBe(holder);
      expect(parsed?.year).toBe(year);
      expect(parsed?.notice).toBe(line);
    });
  }

  for (const line of [
    'Copyright laws protect authors, the court said on Monday.',
    'The copyright of the photo belongs to ANSA.',
    '© is a symbol',
    'Copyright',
    'Trump spoke to reporters.',
  ]) {
    it(`leaves ordinary text alone: ${JSON.stringify(line)}`, () => {
      expect(parseCopyrightLine(line)).toBeUndefined();
    });
  }

  it('only looks at the last non-blank line', () => {
    expect(findTrailingCopyright('Copyright © ANSA\nMore text follows.\n')).toBeUndefined();
    expect(findTrailingCopyright('Text.\n\n© ANSA\n\n\n')).toMatchObject({ holder: 'ANSA', lineIndex: 2 });
  });
});

describe('copyright enrichment', () => {
  it('moves the line out of the body into rights metadata held by the publisher', async () => {
    const article = await parseOk(articleSource({}, 'Story text.\n\nCopyright © ANSA\n'));
    expect(article.body.text).toBe('Story text.');
    expect(article.rights).toEqual({
      holder: {
        name: 'ANSA',
        url: 'https://www.ansa.it/',
        logo: { url: 'https://www.ansa.it/assets/images/ansa-logo-600x60.png', width: 600, height: 60 },
      },
      notice: 'Copyright © ANSA',
      year: 2025,
      usageTerms: 'Reproduction reserved. Redistribution only under an ANSA licence agreement.',
    });
  });

  it('takes the year from the line when written', async () => {
    const article = await parseOk(articleSource({}, 'Story text.\n\n© ANSA 2024\n'));
    expect(article.rights.year).toBe(2024);
    expect(article.rights.notice).toBe('© ANSA 2024');
  });

  it('recognises the line as the last line of a paragraph (no blank line before it)', async () => {
    const article = await parseOk(articleSource({}, 'Story text.\nCopyright © ANSA\n'));
    expect(article.body.text).toBe('Story text.');
    expect(article.rights.notice).toBe('Copyright © ANSA');
  });

  it('matches publisher aliases case-insensitively and keeps other holders as their own organisation', async () => {
    expect((await parseOk(articleSource({}, 'Text.\n\n© agenzia ansa\n'))).rights.holder.name).toBe('ANSA');
    const other = await parseOk(articleSource({}, 'Text.\n\n© 2025 Reuters\n'));
    expect(other.rights.holder).toEqual({ name: 'Reuters' });
  });

  it('lets front matter set or override the rights', async () => {
    const article = await parseOk(
      articleSource({ copyright: '{ holder: Reuters, url: "https://www.reuters.com/", notice: "© 2025 Reuters", year: 2025, usageTerms: "Editorial use only" }' }, 'Text.\n\nCopyright © ANSA\n'),
    );
    expect(article.rights).toEqual({ holder: { name: 'Reuters', url: 'https://www.reuters.com/' }, notice: '© 2025 Reuters', year: 2025, usageTerms: 'Editorial use only' });
    // The line is still taken out of the body: the notice lives in metadata only.
    expect(article.body.text).toBe('Text.');
  });

  it('defaults to the publisher when there is no line', async () => {
    const article = await parseOk(articleSource({}, 'Text without a notice.\n'));
    expect(article.rights.notice).toBe('© 2025 ANSA');
    expect(article.body.text).toBe('Text without a notice.');
  });
});
