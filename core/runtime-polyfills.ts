// Runtime polyfills for Node 20. aws-local-stepfunctions 3 declares Node >= 22 and calls Promise.withResolvers (added
// in Node 22); on Node 20 every Task state fails with "Promise.withResolvers is not a function" unless this runs first.
if (typeof (Promise as unknown as { withResolvers?: unknown }).withResolvers !== 'function') {
  (Promise as unknown as { withResolvers: unknown }).withResolvers = function withResolvers<T>() {
    let resolve!: (value: T | PromiseLike<T>) => void;
    let reject!: (reason?: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

export {};
