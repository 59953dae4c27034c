package dev.accel.store.local;

import dev.accel.store.car.CarImporter;
import dev.accel.store.cid.Cid;

import java.util.List;
import java.util.Map;

/**
 * What {@link ModelStore#importCar} did.
 *
 * @param car       the CAR's header, blocks and bytes (all of them are in the store)
 * @param pinned    roots pinned recursively
 * @param notPinned roots that could not be pinned, with the reason (their DAG is incomplete)
 */
public record CarImportReport(CarImporter.Result car, List<Cid> pinned, Map<Cid, String> notPinned) {
    public CarImportReport {
        pinned = List.copyOf(pinned);
        notPinned = Map.copyOf(notPinned);
    }
}
