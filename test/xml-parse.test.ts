import { SaxesParser, type EventName } from 'saxes';
import { describe, expect, it } from 'vitest';
import { withHandlerSlots } from '../src/validate/xml.js';

describe('saxes parser with its handler fields made up front', () => {
  // Every event saxes can report: `on()` must find a field for each, never add one (an added
  // field by computed name is what pushes the parser into V8's slow dictionary mode).
  const events: EventName[] = ['xmldecl', 'text', 'processinginstruction', 'doctype', 'comment', 'opentagstart', 'attribute', 'opentag', 'closetag', 'cdata', 'error', 'end', 'ready'];

  it('has a field for every handler before any is set', () => {
    const parser = withHandlerSlots(new SaxesParser({ xmlns: true, position: true }));
    const before = Object.keys(parser).length;
    for (const event of events) parser.on(event, () => undefined);
    expect(Object.keys(parser).length).toBe(before);
  });

  it('is needed: a bare parser gains a field per handler', () => {
    const parser = new SaxesParser({ xmlns: true, position: true });
    const before = Object.keys(parser).length;
    for (const event of events) parser.on(event, () => undefined);
    expect(Object.keys(parser).length).toBeGreaterThan(before);
  });

  it('still reports every event', () => {
    const parser = withHandlerSlots(new SaxesParser({ xmlns: true, position: true }));
    const seen: string[] = [];
    for (const event of events) parser.on(event, () => void seen.push(event));
    parser.write('<?xml version="1.0"?><!DOCTYPE a><?pi x?><a b="1"><!--c--><![CDATA[d]]>e</a>').close();
    expect(new Set(seen)).toEqual(new Set(events.filter((event) => event !== 'error')));
  });
});
