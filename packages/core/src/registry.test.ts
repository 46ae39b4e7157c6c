import { describe, expect, it } from 'vitest';
import { isQStoreError } from './errors.js';
import { createRegistry } from './registry.js';

describe('createRegistry', () => {
  it('should register, find, list and remove plugins by name', () => {
    const registry = createRegistry<{ name: string; n: number }>('sampler', 'tune');
    registry.register({ name: 'tpe', n: 1 });
    registry.register({ name: 'random', n: 2 });
    expect(registry.get('tpe').n).toBe(1);
    expect(registry.names()).toEqual(['random', 'tpe']);
    expect(registry.has('grid')).toBe(false);
    expect(registry.unregister('tpe')).toBe(true);
    expect(registry.names()).toEqual(['random']);
  });

  it('should refuse a duplicate unless asked to replace it', () => {
    const registry = createRegistry<{ name: string; n: number }>('source adapter', 'data');
    registry.register({ name: 'keras', n: 1 });
    expect(() => registry.register({ name: 'keras', n: 2 })).toThrowError(/already registered/);
    registry.register({ name: 'keras', n: 3 }, { replace: true });
    expect(registry.get('keras').n).toBe(3);
  });

  it('should list the known names when a lookup fails', () => {
    const registry = createRegistry<{ name: string }>('source adapter', 'data');
    registry.register({ name: 'local' });
    try {
      registry.get('kaggle');
      expect.unreachable();
    } catch (error) {
      expect(isQStoreError(error, 'UNKNOWN_PLUGIN')).toBe(true);
      expect((error as Error).message).toBe(
        '[qstore] [data] unknown source adapter "kaggle"; registered: local',
      );
    }
  });
});
