/**
 * A small model of stapler's `@ExportedBean`: typed beans with properties that
 * carry a visibility, serialised with either a depth or a tree pruner.
 */
import type { TreeNode, TreeRange } from './treeExpression';

/** One exported property of a bean type. */
export interface ExportedProperty<T, C> {
  name: string;
  /** `@Exported(visibility)`; stapler's default is 1. */
  visibility: number;
  /** `@Exported(inline=true)`: nested values do not use up a depth level. */
  inline?: boolean;
  /** Returns the value; `undefined` means "skipNull" (the property is omitted). */
  get(target: T, ctx: C): unknown;
}

/** The exported shape of one Java class. */
export class BeanType<T, C> {
  constructor(
    readonly className: string | ((target: T, ctx: C) => string) | undefined,
    readonly properties: ExportedProperty<T, C>[],
  ) {}
}

/** A value to be serialised with the properties of its bean type. */
export class Bean<T = any, C = any> {
  constructor(readonly type: BeanType<T, C>, readonly target: T) {}
}

/** An array whose elements are only produced when a range selects them. */
export class LazyList {
  constructor(
    readonly length: number,
    readonly at: (index: number) => unknown,
  ) {}
}

/** An element stapler cannot export; it is written as `{}` as Jenkins does. */
export const UNEXPORTABLE = Object.freeze({ __unexportable: true });

/** Decides which properties are written below a given node. */
export interface Pruner {
  accept(property: {
    name: string;
    visibility: number;
    inline?: boolean;
  }): Pruner | undefined;
  readonly range?: TreeRange;
}

/** stapler's `TreePruner.ByDepth`. */
export class DepthPruner implements Pruner {
  private next?: DepthPruner;
  constructor(private readonly level: number) {}
  accept(property: { visibility: number; inline?: boolean }) {
    if (property.visibility < this.level) {
      return undefined;
    }
    if (property.inline) {
      return this;
    }
    this.next ??= new DepthPruner(this.level + 1);
    return this.next;
  }
}

/** stapler's `NamedPathPruner`: ignores visibility, selects by name or `*`. */
export class TreePruner implements Pruner {
  readonly range?: TreeRange;
  private readonly childCache = new Map<TreeNode, TreePruner>();
  constructor(private readonly node: TreeNode) {
    this.range = node.range;
  }
  accept(property: { name: string }) {
    const child =
      this.node.children.get(property.name) ?? this.node.children.get('*');
    if (!child) {
      return undefined;
    }
    let pruner = this.childCache.get(child);
    if (!pruner) {
      pruner = new TreePruner(child);
      this.childCache.set(child, pruner);
    }
    return pruner;
  }
}

function writeList(
  length: number,
  at: (i: number) => unknown,
  pruner: Pruner,
  ctx: unknown,
): unknown[] {
  const start = pruner.range ? Math.min(pruner.range.start, length) : 0;
  const end = pruner.range ? Math.min(pruner.range.end, length) : length;
  const out: unknown[] = [];
  for (let i = start; i < end; i++) {
    out.push(writeValue(at(i), pruner, ctx));
  }
  return out;
}

function writeBean(bean: Bean, pruner: Pruner, ctx: unknown) {
  const out: Record<string, unknown> = {};
  const { className } = bean.type;
  const cls =
    typeof className === 'function' ? className(bean.target, ctx) : className;
  if (cls) {
    out._class = cls;
  }
  for (const property of bean.type.properties) {
    const child = pruner.accept(property);
    if (!child) {
      continue;
    }
    const value = property.get(bean.target, ctx);
    if (value === undefined) {
      continue;
    }
    out[property.name] = writeValue(value, child, ctx);
  }
  return out;
}

/** Serialises a value to plain JSON data, applying the pruner like stapler does. */
export function writeValue(
  value: unknown,
  pruner: Pruner,
  ctx: unknown,
): unknown {
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value !== 'object') {
    return value;
  }
  if (value instanceof Bean) {
    return writeBean(value, pruner, ctx);
  }
  if (Array.isArray(value)) {
    return writeList(value.length, i => value[i], pruner, ctx);
  }
  if (value instanceof LazyList) {
    return writeList(value.length, value.at, pruner, ctx);
  }
  if (value === UNEXPORTABLE) {
    return {};
  }
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    out[key] = writeValue(entry, pruner, ctx);
  }
  return out;
}
