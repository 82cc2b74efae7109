// Cell tags, as Jupyter stores them: cell metadata `tags`, a list of strings. tlnb reads two, after
// papermill: `parameters` marks the cell with a notebook's default parameters, and
// `injected-parameters` the cell `tlnb run --param` inserts after it (cli/parameters.ts). Pure.

import type { JsonObject } from './model';

export const PARAMETERS_TAG = 'parameters';
export const INJECTED_PARAMETERS_TAG = 'injected-parameters';

export function hasTag(metadata: Readonly<JsonObject>, tag: string): boolean {
  const tags = metadata.tags;
  return Array.isArray(tags) && tags.includes(tag);
}

/** The metadata with `tag` added or removed; other tags and fields kept, an emptied `tags` dropped. */
export function withTag(metadata: Readonly<JsonObject>, tag: string, on: boolean): JsonObject {
  const tags = Array.isArray(metadata.tags) ? metadata.tags.filter((t) => t !== tag) : [];
  if (on) tags.push(tag);
  const { tags: _old, ...rest } = metadata;
  return tags.length > 0 ? { ...rest, tags } : rest;
}
