import { entryObject, type Display, type SourceResult } from '@dird/core';
import type { FavoriteIds } from '@dird/service-favorites/contract';
import { isFavorite } from './favorite-flags.js';

/** The answer of the favorites and personal list routes: a display's headers and the rendered results. */
export function listAnswer(
  display: Display,
  results: readonly SourceResult[],
  favorite: FavoriteIds | true | undefined,
) {
  return {
    column_headers: display.headers,
    column_types: display.types,
    results: results.map((r) => entryObject(display, r, favorite === true || isFavorite(favorite, r))),
  };
}
