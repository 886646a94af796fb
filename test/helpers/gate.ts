/** A promise a test resolves when it chooses: the way to hold a fake's answer without sleeping. */
export interface Gate {
  readonly promise: Promise<void>;
  readonly isOpen: boolean;
  open(): void;
}

export function gate(): Gate {
  let resolve = (): void => undefined;
  let isOpen = false;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return {
    promise,
    get isOpen() {
      return isOpen;
    },
    open() {
      isOpen = true;
      resolve();
    },
  };
}
