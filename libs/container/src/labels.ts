/**
 * The Docker labels every Airlock container carries. The reaper trusts only these: a
 * container without `airlock.managed` is never touched, and one with it is Airlock's to
 * remove once it expired or its owner is gone.
 */
export const labelKeys = {
  /** Present (value `true`) on every container, network and image Airlock made. */
  managed: 'airlock.managed',
  /** The id of the executor instance that owns the container. */
  owner: 'airlock.owner',
  tenant: 'airlock.tenant',
  /** The sandbox name, unique per tenant. */
  name: 'airlock.sandbox',
  /** When the container must be gone at the latest, as milliseconds since the epoch. */
  expiresAtMs: 'airlock.expires-at-ms',
  /**
   * Which deployment a container belongs to (`container.scope` of the gateway): a reaper
   * removes only containers of its own scope, so gateways sharing an engine keep theirs.
   */
  scope: 'airlock.scope',
  /** The recipe hash of the image (on images). */
  recipe: 'airlock.recipe',
} as const;
