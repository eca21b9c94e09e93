// The SDK resolves every request's middleware from scratch (`clientStack.concat(command.middlewareStack)`, then
// `resolve`): it copies the client's whole stack (~30 entries), adds the command's, copies every entry again,
// sorts them by step and priority and splices in the relative ones. That was the largest share of the scanner's
// CPU per request (benchmark: @smithy/core ~24 % of busy time, a sixth of all it allocated). The order it
// computes depends only on each entry's placement (name, aliases, step, priority, relation, override), which is
// the same for every request of a command on a client; the middleware functions themselves are new per request.
//
// So a shared client keeps the order: the first request of each shape has the SDK's own stack implementation
// order stand-ins for its entries (a probe; any error there, e.g. a duplicate name, falls back to the SDK's own
// path, which throws it), and every request of that shape then only builds its handler chain, in that order,
// from its own middleware. The client's stack is watched: any change to it forgets what was kept.

type Middleware = (next: unknown, context: unknown) => unknown;
type Options = Record<string, unknown>;
interface Entry {
  relative: boolean;
  middleware: Middleware;
  options: Options;
}
interface StackLike {
  add(mw: Middleware, options?: Options): void;
  addRelativeTo(mw: Middleware, options: Options): void;
  applyToStack(to: unknown): void;
  concat(from: StackLike): StackLike;
  clone(): StackLike;
  remove(toRemove: unknown): boolean;
  removeByTag(tag: string): boolean;
  use(plugin: { applyToStack(stack: unknown): void }): void;
  identifyOnResolve(toggle?: boolean): boolean;
  resolve(handler: unknown, context: unknown): unknown;
  identify(): string[];
}

/** What the stacks' `applyToStack` (the SDK's cloneTo) hands over: each entry, in the order the SDK would add it. */
function entriesOf(stack: StackLike): Entry[] {
  const entries: Entry[] = [];
  stack.applyToStack({
    add: (middleware: Middleware, options: Options = {}) => entries.push({ relative: false, middleware, options }),
    addRelativeTo: (middleware: Middleware, options: Options) => entries.push({ relative: true, middleware, options }),
  });
  return entries;
}

/** What the SDK's ordering reads of an entry (everything but the middleware function and its tags). */
function placement(e: Entry): string {
  const o = e.options;
  const aliases = Array.isArray(o.aliases) ? o.aliases.join(',') : '';
  return `${e.relative ? 'r' : 'a'}|${String(o.name ?? '')}|${aliases}|${String(o.step ?? '')}|${String(o.priority ?? '')}|${String(o.relation ?? '')}|${String(o.toMiddleware ?? '')}|${o.override ? 1 : 0}`;
}

/**
 * The order the SDK would run `entries` in (indexes, outermost first), found by its own implementation: a fresh
 * empty stack of the same version (the command's own, emptied) gets a stand-in for each entry, added as concat
 * would add it, and resolve() calls the stand-ins innermost first.
 */
function probeOrder(template: StackLike, entries: Entry[]): number[] {
  const probe = template.clone();
  for (const e of entriesOf(probe)) probe.remove(e.middleware);
  const called: number[] = [];
  entries.forEach((e, i) => {
    const stand = (next: unknown) => {
      called.push(i);
      return next;
    };
    if (e.relative) probe.addRelativeTo(stand, { ...e.options, middleware: stand });
    else probe.add(stand, { ...e.options, middleware: stand });
  });
  probe.resolve(() => undefined, {});
  return called.reverse();
}

/** What concat() returns: resolve() builds the chain in the kept order; anything else is the SDK's own stack. */
class OrderedStack {
  private real?: StackLike;
  constructor(
    private readonly make: () => StackLike,
    private readonly entries: Entry[],
    private readonly order: number[],
  ) {}

  resolve(handler: unknown, context: unknown): unknown {
    for (let k = this.order.length - 1; k >= 0; k--) handler = this.entries[this.order[k]!]!.middleware(handler, context);
    return handler;
  }

  /** The kept order as the SDK's identify() lists a stack ("name (a.k.a. alias) - step"): what tests compare. */
  kept(): string[] {
    return this.order.map((i) => {
      const o = this.entries[i]!.options;
      const aliases = Array.isArray(o.aliases) && o.aliases.length > 0 ? ` (a.k.a. ${o.aliases.join(',')})` : '';
      return `${String(o.name || 'anonymous')}${aliases} - ${String(o.step ?? `${String(o.relation)} ${String(o.toMiddleware)}`)}`;
    });
  }

  private sdk(): StackLike {
    return (this.real ??= this.make());
  }
  add(mw: Middleware, options?: Options) {
    return this.sdk().add(mw, options);
  }
  addRelativeTo(mw: Middleware, options: Options) {
    return this.sdk().addRelativeTo(mw, options);
  }
  applyToStack(to: unknown) {
    return this.sdk().applyToStack(to);
  }
  concat(from: StackLike) {
    return this.sdk().concat(from);
  }
  clone() {
    return this.sdk().clone();
  }
  remove(toRemove: unknown) {
    return this.sdk().remove(toRemove);
  }
  removeByTag(tag: string) {
    return this.sdk().removeByTag(tag);
  }
  use(plugin: { applyToStack(stack: unknown): void }) {
    return this.sdk().use(plugin);
  }
  identifyOnResolve(toggle?: boolean) {
    return this.sdk().identifyOnResolve(toggle);
  }
  identify() {
    return this.sdk().identify();
  }
}

/** Command shapes whose order one client keeps, at most. */
export const MAX_SHAPES = 256;

/** Keeps the middleware order of `client`'s requests (see above). A client whose stack is not the SDK's is left alone. */
export function keepMiddlewareOrder(client: { middlewareStack?: unknown }): void {
  const stack = client.middlewareStack as StackLike | undefined;
  if (!stack || typeof stack.concat !== 'function' || typeof stack.applyToStack !== 'function' || typeof stack.clone !== 'function') return;
  const concat = stack.concat.bind(stack);
  let own: { entries: Entry[]; orders: Map<string, number[] | null> } | undefined;
  // Whatever changes the client's stack forgets its entries and every order kept for them.
  for (const method of ['add', 'addRelativeTo', 'remove', 'removeByTag', 'use'] as const) {
    const original = (stack[method] as (...args: unknown[]) => unknown).bind(stack);
    (stack as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      own = undefined;
      return original(...args);
    };
  }
  stack.concat = (from: StackLike) => {
    // identifyOnResolve prints the stack as it resolves: the SDK's own path does that.
    if (stack.identifyOnResolve() || typeof from?.applyToStack !== 'function' || from.identifyOnResolve?.()) return concat(from);
    if (!own) {
      own = { entries: entriesOf(stack), orders: new Map() };
    }
    const theirs = entriesOf(from);
    const entries = own.entries.concat(theirs);
    const key = theirs.map(placement).join('\n');
    let order = own.orders.get(key);
    if (order === undefined) {
      try {
        order = probeOrder(from, entries);
      } catch {
        order = null; // the SDK's own path says what is wrong, every time
      }
      // Command shapes are few (a client's operations); should middleware names ever vary per request, the
      // cache stops growing and the rest take the SDK's own path.
      if (own.orders.size < MAX_SHAPES) own.orders.set(key, order);
      else if (order !== null) return concat(from);
    }
    if (order === null) return concat(from);
    return new OrderedStack(() => concat(from), entries, order) as unknown as StackLike;
  };
}
