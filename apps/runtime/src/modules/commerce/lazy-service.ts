import { CommerceEvents, type CommerceService } from '@showflow/commerce';

/**
 * The orders service, opened on first use: embedded PGlite takes seconds to start on a
 * busy machine, and a runtime that never sells anything should not pay that. Every method
 * waits for the real service; events are forwarded once it is open.
 */
export function lazyCommerceService(open: () => Promise<CommerceService>, onError: (error: unknown) => void) {
  const events = new CommerceEvents(onError);
  let opening: Promise<CommerceService> | undefined;
  let opened: CommerceService | undefined;

  function ready(): Promise<CommerceService> {
    opening ??= open().then(
      (service) => {
        service.events.subscribeAll((event) => events.emit([event]));
        opened = service;
        return service;
      },
      (error: unknown) => {
        // A failed open (PostgreSQL down) is retried by the next caller instead of failing forever.
        opening = undefined;
        throw error;
      },
    );
    return opening;
  }

  const service: CommerceService = {
    events,
    get outageMs() {
      return opened?.outageMs ?? 0;
    },
    shopInfo: async () => (await ready()).shopInfo(),
    mintSession: async (...args) => (await ready()).mintSession(...args),
    verifySession: async (...args) => (await ready()).verifySession(...args),
    ensureDrop: async (...args) => (await ready()).ensureDrop(...args),
    getProduct: async (...args) => (await ready()).getProduct(...args),
    restock: async (...args) => (await ready()).restock(...args),
    createDrop: async (...args) => (await ready()).createDrop(...args),
    getDrop: async (...args) => (await ready()).getDrop(...args),
    reserve: async (...args) => (await ready()).reserve(...args),
    confirm: async (...args) => (await ready()).confirm(...args),
    cancel: async (...args) => (await ready()).cancel(...args),
    startDrop: async (...args) => (await ready()).startDrop(...args),
    endDrop: async (...args) => (await ready()).endDrop(...args),
    tip: async (...args) => (await ready()).tip(...args),
    getReservation: async (...args) => (await ready()).getReservation(...args),
    getOrder: async (...args) => (await ready()).getOrder(...args),
    recordImpression: async (...args) => (await ready()).recordImpression(...args),
    recordClick: async (...args) => (await ready()).recordClick(...args),
    funnel: async (...args) => (await ready()).funnel(...args),
    sweepExpired: async (...args) => (await ready()).sweepExpired(...args),
    startSweeper: (...args) => void ready().then((s) => s.startSweeper(...args), onError),
    stopSweeper: async () => opened?.stopSweeper(),
    close: async () => opened?.close(),
  };

  return {
    service,
    /** The real service once something opened it; metrics read nothing before that. */
    get opened(): CommerceService | undefined {
      return opened;
    },
    /** Waits for an open in progress, so closing never races it. */
    settled: async (): Promise<CommerceService | undefined> => opening?.catch(() => undefined),
  };
}
