// Stands in, inside the Lambda bundles, for a module that Bolt requires when it loads but that no function runs (see
// LEFT_OUT_MODULES in infra/app-function.ts): loading it costs nothing, and any use throws an error naming the cause.
const leftOut = (what) => {
  throw new Error(`${what} of a module left out of the Lambda bundles (LEFT_OUT_MODULES in infra/app-function.ts)`);
};
module.exports = new Proxy(function leftOutModule() {}, {
  // Interop helpers probe these while loading; everything else is a real use.
  get: (target, key) =>
    typeof key === 'symbol' || key === '__esModule' || key in target ? undefined : leftOut(`property ${key}`),
  apply: () => leftOut('a call'),
  construct: () => leftOut('new'),
});
