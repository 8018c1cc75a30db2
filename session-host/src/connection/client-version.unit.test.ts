import type { WAVersion } from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import { ClientVersions, formatWaVersion, parseWaVersion } from './client-version.js';

const OLD: WAVersion = [2, 3000, 1000000001];
const BUNDLED: WAVersion = [2, 3000, 1043857760];
const NEWER: WAVersion = [2, 3000, 1099999999];

describe('parseWaVersion', () => {
  it.each([
    ['2.3000.1023456789', [2, 3000, 1023456789]],
    [' 2.3000.1 ', [2, 3000, 1]],
  ])('reads %s', (text, version) => {
    expect(parseWaVersion(text)).toEqual(version);
  });

  it.each(['2.3000', '2.3000.x', 'v2.3000.1', '2.3000.1.4', '', '2.3000.12345678901234'])('refuses %j', (text) => {
    expect(parseWaVersion(text)).toBeUndefined();
  });

  it('formats back', () => {
    expect(formatWaVersion([2, 3000, 1023456789])).toBe('2.3000.1023456789');
  });
});

describe('ClientVersions', () => {
  it("announces Baileys' own version when none is configured, and keeps it when it is refused (none newer known)", () => {
    const versions = new ClientVersions(undefined, BUNDLED);
    expect(versions.current()).toEqual(BUNDLED);
    expect(versions.refused(BUNDLED)).toEqual({ next: undefined });
    expect(versions.current()).toEqual(BUNDLED);
  });

  it('a refused old configured version moves every caller to the newer one known', () => {
    const versions = new ClientVersions(OLD, BUNDLED);
    expect(versions.current()).toEqual(OLD);
    expect(versions.refused(OLD)).toEqual({ next: BUNDLED });
    expect(versions.current()).toEqual(BUNDLED);
  });

  it('a configured version newer than Baileys stays in use even when refused: nothing older is tried', () => {
    const versions = new ClientVersions(NEWER, BUNDLED);
    expect(versions.current()).toEqual(NEWER);
    expect(versions.refused(NEWER)).toEqual({ next: undefined });
    expect(versions.current()).toEqual(NEWER);
  });

  it('when every known version was refused, the configured one is tried again', () => {
    const versions = new ClientVersions(OLD, BUNDLED);
    versions.refused(OLD);
    expect(versions.refused(BUNDLED)).toEqual({ next: undefined });
    expect(versions.current()).toEqual(OLD);
  });
});
