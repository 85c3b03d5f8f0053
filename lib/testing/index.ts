export * from './mockHttpServer.ts';
