/**
 * Schema history, applied in order and never edited once published: a change is a new
 * entry. Times are timestamptz and the service passes them in, so an injected clock
 * drives expiry in tests exactly as wall time does in production.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'drops, reservations, orders, idempotency keys, funnel',
    sql: `
CREATE TABLE drops (
  id text PRIMARY KEY,
  sku text NOT NULL,
  title text NOT NULL,
  stock integer NOT NULL CHECK (stock > 0),
  -- Units nobody holds. Taken by a conditional UPDATE; the CHECKs turn a bug into an error, never an oversell.
  available integer NOT NULL CHECK (available >= 0),
  sold integer NOT NULL DEFAULT 0 CHECK (sold >= 0),
  price_cents integer NOT NULL CHECK (price_cents >= 0),
  currency text NOT NULL,
  schedule jsonb NOT NULL,
  bundle jsonb,
  per_viewer_limit integer NOT NULL CHECK (per_viewer_limit > 0),
  reservation_ttl_ms integer NOT NULL CHECK (reservation_ttl_ms > 0),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  -- Hint: no pending reservation of this drop expires before this. Lets a refused
  -- reservation skip the expiry sweep; never trusted for correctness.
  next_expiry_at timestamptz,
  created_at timestamptz NOT NULL,
  CHECK (available + sold <= stock),
  CHECK (ends_at > starts_at)
);

-- Units a viewer holds in a drop (pending reservations + orders); the per-viewer limit is
-- enforced by one conditional upsert on this row.
CREATE TABLE viewer_holdings (
  drop_id text NOT NULL REFERENCES drops (id),
  viewer_id text NOT NULL,
  held integer NOT NULL CHECK (held >= 0),
  PRIMARY KEY (drop_id, viewer_id)
);

CREATE TABLE reservations (
  id text PRIMARY KEY,
  drop_id text NOT NULL REFERENCES drops (id),
  viewer_id text NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  unit_price_cents integer NOT NULL,
  currency text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'confirmed', 'expired', 'cancelled')),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  settled_at timestamptz
);
CREATE INDEX reservations_pending_by_expiry ON reservations (expires_at) WHERE status = 'pending';
CREATE INDEX reservations_pending_by_drop ON reservations (drop_id, expires_at) WHERE status = 'pending';
CREATE INDEX reservations_by_drop ON reservations (drop_id, status);

CREATE TABLE orders (
  id text PRIMARY KEY,
  -- One order per reservation, whatever the application does.
  reservation_id text NOT NULL UNIQUE REFERENCES reservations (id),
  drop_id text NOT NULL REFERENCES drops (id),
  viewer_id text NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  unit_price_cents integer NOT NULL,
  total_cents integer NOT NULL,
  currency text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX orders_by_drop ON orders (drop_id, created_at);

-- Stored first responses. The row is inserted before the work, in the same transaction,
-- so a concurrent request with the same key waits on it and then replays.
CREATE TABLE idempotency_keys (
  scope text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  status integer,
  response text,
  drop_id text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);

CREATE TABLE drop_funnel (
  drop_id text PRIMARY KEY REFERENCES drops (id),
  impressions integer NOT NULL DEFAULT 0,
  clicks integer NOT NULL DEFAULT 0,
  replays integer NOT NULL DEFAULT 0
);
`,
  },
  {
    version: 2,
    name: 'tips',
    sql: `
CREATE TABLE tips (
  id text PRIMARY KEY,
  channel text NOT NULL,
  viewer_id text NOT NULL,
  display_name text,
  amount_cents integer NOT NULL CHECK (amount_cents > 0),
  currency text NOT NULL,
  message text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX tips_by_channel ON tips (channel, created_at);
`,
  },
];
