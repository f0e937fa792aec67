// Client descriptions shared between sessions. Enrichment builds one ClientInfo per page load; an open
// session holding it whole would spend ~130 bytes on what thousands of sessions have in common
// (browser, OS, device, window and screen size, country). The sessionizer keeps one shared profile
// per distinct combination and the (masked) address per session: an IPv4 address as one integer, an
// IPv6 address as a shared string.

import type { ClientInfo } from '../model.js';

/** A ClientInfo without the client address. */
export type ClientProfile = Readonly<Omit<ClientInfo, 'clientAddress'>>;

const SEPARATOR = '\u0001';

/**
 * A client address as an open session holds it. An IPv4 address is one 32-bit integer, which V8
 * stores in the field itself, where its string would cost about 32 heap bytes per session.
 */
export type CompactAddress = string | number;

const DOTTED_QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export const expandAddress = (address: CompactAddress | undefined): string | undefined =>
  typeof address === 'number' ? `${address >>> 24}.${(address >>> 16) & 255}.${(address >>> 8) & 255}.${address & 255}` : address;

function packIpv4(address: string): number | undefined {
  const octets = DOTTED_QUAD.exec(address);
  if (!octets) return undefined;
  const packed = (Number(octets[1]) << 24) | (Number(octets[2]) << 16) | (Number(octets[3]) << 8) | Number(octets[4]);
  // Octets over 255 or with leading zeros would not come back as written: keep those as strings.
  return expandAddress(packed) === address ? packed : undefined;
}

export class ClientProfiles {
  private readonly profiles = new Map<string, ClientProfile>();
  private readonly addresses = new Map<string, string>();

  /** Beyond this many profiles or addresses a table starts over; sessions keep what they hold. */
  constructor(private readonly maxEntries = 50_000) {}

  profileOf(client: ClientInfo): ClientProfile {
    const key =
      client.userType + SEPARATOR + client.deviceType + SEPARATOR + client.browserName + SEPARATOR + client.browserVersion + SEPARATOR +
      client.osName + SEPARATOR + client.osVersion + SEPARATOR + client.deviceManufacturer + SEPARATOR + client.deviceModel + SEPARATOR +
      client.windowWidth + SEPARATOR + client.windowHeight + SEPARATOR + client.screenWidth + SEPARATOR + client.screenHeight + SEPARATOR +
      client.countryIsoCode;
    let profile = this.profiles.get(key);
    if (profile === undefined) {
      if (this.profiles.size >= this.maxEntries) this.profiles.clear();
      // Every key present, in one order: all profiles share one compact object shape.
      profile = Object.freeze({
        userType: client.userType,
        deviceType: client.deviceType,
        browserName: client.browserName,
        browserVersion: client.browserVersion,
        osName: client.osName,
        osVersion: client.osVersion,
        deviceManufacturer: client.deviceManufacturer,
        deviceModel: client.deviceModel,
        windowWidth: client.windowWidth,
        windowHeight: client.windowHeight,
        screenWidth: client.screenWidth,
        screenHeight: client.screenHeight,
        countryIsoCode: client.countryIsoCode,
      });
      this.profiles.set(key, profile);
    }
    return profile;
  }

  addressOf(client: ClientInfo): CompactAddress | undefined {
    const address = client.clientAddress;
    if (address === undefined) return undefined;
    const packed = packIpv4(address);
    if (packed !== undefined) return packed;
    const shared = this.addresses.get(address);
    if (shared !== undefined) return shared;
    if (this.addresses.size >= this.maxEntries) this.addresses.clear();
    this.addresses.set(address, address);
    return address;
  }
}
