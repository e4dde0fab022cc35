/** Report ids are database ids (params/id.ts): the same rule, under the name the report routes read. */
export { match } from './id';
