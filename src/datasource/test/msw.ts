// msw for the datasource's tests. Import from here, not from 'msw' directly, and use the environment
//   /** @jest-environment ./src/datasource/test/jsdomWithFetch.js */
// The mocks below load msw's ES-module-only dependencies (see esmToCjs.js).

jest.mock('rettime', () => require('./esmToCjs').loadEsmPackage('rettime'));
jest.mock('until-async', () => require('./esmToCjs').loadEsmPackage('until-async'));
jest.mock('set-cookie-parser', () => require('./esmToCjs').loadEsmPackage('set-cookie-parser'));
jest.mock('@open-draft/deferred-promise', () => require('./esmToCjs').loadEsmPackage('@open-draft/deferred-promise'));

export { http, HttpResponse } from 'msw';
export { setupServer } from 'msw/node';
