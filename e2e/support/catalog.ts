import { directoryDocument, fixtureDocument, startCatalogServer } from '../../test/catalog-server';

export const catalogName = 'E2E Central Repository';

/**
 * The central repository the app reads in e2e (CENTRAL_REPOSITORY_URL). The repository spec
 * publishes new versions with `POST /__control/publish`.
 */
export function e2eCatalog(port: number) {
  return startCatalogServer({
    port,
    name: catalogName,
    providers: [
      { id: 'petstore', name: 'Swagger Petstore', categories: ['Commerce'], versions: [{ version: '1.0.0', document: fixtureDocument('petstore-v1.yaml') }] },
      { id: 'shop', name: 'Shop', categories: ['Commerce'], versions: [{ version: '1', document: directoryDocument('shop.app.json') }] },
      // A logo that does not load: the card shows the monogram instead.
      {
        id: 'exchange-rates',
        name: 'ExchangeRate-API',
        categories: ['Finance'],
        logo: 'http://127.0.0.1:9/logo.png',
        versions: [{ version: '1', document: directoryDocument('exchangerate-api.com.json') }],
      },
      { id: 'koomalooma', name: 'koomalooma Partner API', categories: ['Marketing'], versions: [{ version: '1', document: directoryDocument('koomalooma.com.json') }] },
      { id: 'medcorder', name: 'Medcorder Nearby Doctor API', categories: ['Health'], versions: [{ version: '1', document: directoryDocument('medcorder.com.json') }] },
    ],
  });
}
