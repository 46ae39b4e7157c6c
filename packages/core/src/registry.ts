import { NotFoundError, StateError } from './errors.js';

/** A named plugin. */
export interface Named {
  readonly name: string;
}

/** A typed map of plugins that config picks by name (sources, sinks, samplers). */
export interface Registry<T extends Named> {
  /** Adds a plugin; throws `ALREADY_EXISTS` when the name is taken (unless `replace` is set). */
  register(plugin: T, options?: { replace?: boolean }): void;
  /** The plugin with this name; throws `UNKNOWN_PLUGIN` listing the registered names. */
  get(name: string): T;
  /** Whether a plugin with this name is registered. */
  has(name: string): boolean;
  /** The registered names, sorted. */
  names(): string[];
  /** Removes a plugin; returns whether it was there. */
  unregister(name: string): boolean;
}

/**
 * A new empty registry. `kind` names what it holds in messages (`"source adapter"`); `scope` is
 * the package that owns it.
 */
export function createRegistry<T extends Named>(kind: string, scope: string): Registry<T> {
  const plugins = new Map<string, T>();
  return {
    register(plugin, options = {}) {
      if (plugins.has(plugin.name) && options.replace !== true) {
        throw new StateError(
          'ALREADY_EXISTS',
          `a ${kind} named "${plugin.name}" is already registered; pass { replace: true } to replace it`,
          { scope },
        );
      }
      plugins.set(plugin.name, plugin);
    },
    get(name) {
      const plugin = plugins.get(name);
      if (plugin === undefined) {
        const known = [...plugins.keys()].sort();
        throw new NotFoundError(
          'UNKNOWN_PLUGIN',
          `unknown ${kind} "${name}"; registered: ${known.length > 0 ? known.join(', ') : '(none)'}`,
          { scope, details: { name, known } },
        );
      }
      return plugin;
    },
    has: (name) => plugins.has(name),
    names: () => [...plugins.keys()].sort(),
    unregister: (name) => plugins.delete(name),
  };
}
