/**
 * The shipping services a seller can buy a label with (Create Packages), and their quote.
 * A quote is a pure function of the service and the declared weight, so the same parcel always
 * costs the same: tests and replays can assert the price.
 */
import { SHIPPING_PROVIDERS } from './catalog.ts';

export interface ShippingService {
  id: string;
  name: string;
  shipping_provider_id: string;
  /** Price in USD: base plus per started 500 g. */
  base: number;
  perHalfKilo: number;
  earliest_delivery_days: number;
  latest_delivery_days: number;
}

const provider = (name: string): string => (SHIPPING_PROVIDERS.find((p) => p.name === name) as { id: string }).id;

export const SHIPPING_SERVICES: readonly ShippingService[] = [
  { id: '7208502187360519942', name: 'USPS Ground Advantage', shipping_provider_id: provider('USPS'), base: 4.5, perHalfKilo: 1.1, earliest_delivery_days: 2, latest_delivery_days: 5 },
  { id: '7208502187360519943', name: 'UPS Ground', shipping_provider_id: provider('UPS'), base: 6.2, perHalfKilo: 0.9, earliest_delivery_days: 1, latest_delivery_days: 5 },
  { id: '7208502187360519944', name: 'FedEx 2Day', shipping_provider_id: provider('FedEx'), base: 11.8, perHalfKilo: 1.6, earliest_delivery_days: 2, latest_delivery_days: 2 },
];

const GRAMS_PER_POUND = 453.59237;

/** The price of `service` for a parcel of `weight` (none declared: the first 500 g). */
export function quote(service: ShippingService, weight: { value: string; unit: string } | undefined): string {
  const grams = weight === undefined ? 0 : Number(weight.value) * (weight.unit === 'POUND' ? GRAMS_PER_POUND : 1);
  const halves = Math.max(1, Math.ceil(grams / 500));
  return (service.base + service.perHalfKilo * (halves - 1)).toFixed(2);
}
