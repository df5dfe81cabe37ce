export { FavoritesConfigSchema, FavoritesProfileSchema, type FavoritesConfig } from './config.js';
export type { FavoriteIds, FavoritesOptions, FavoritesService } from './contract.js';
export { StoredFavoritesService, type FavoritesProfile } from './favorites-service.js';
export { FavoritesServicePlugin } from './favorites-service-plugin.js';
