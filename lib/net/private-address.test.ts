import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { guardedFetch, OutboundRequestError } from './guarded-fetch';
import { blockedIpv4Ranges, blockedIpv6Ranges, isPrivateAddress } from './private-address';

// Every range, with its first and last address and the case that matters most inside it.
const privateByRange: Record<string, string[]> = {
  '0.0.0.0/8': ['0.0.0.0', '0.255.255.255'],
  '10.0.0.0/8': ['10.0.0.0', '10.255.255.255'],
  '100.64.0.0/10': ['100.64.0.0', '100.127.255.255'],
  '127.0.0.0/8': ['127.0.0.1', '127.255.255.255'],
  '169.254.0.0/16': ['169.254.0.0', '169.254.169.254', '169.254.255.255'],
  '172.16.0.0/12': ['172.16.0.0', '172.31.255.255'],
  '192.0.0.0/24': ['192.0.0.0', '192.0.0.255'],
  '192.0.2.0/24': ['192.0.2.0', '192.0.2.255'],
  '192.88.99.0/24': ['192.88.99.0', '192.88.99.255'],
  '192.168.0.0/16': ['192.168.0.0', '192.168.255.255'],
  '198.18.0.0/15': ['198.18.0.0', '198.19.255.255'],
  '198.51.100.0/24': ['198.51.100.0', '198.51.100.255'],
  '203.0.113.0/24': ['203.0.113.0', '203.0.113.255'],
  '224.0.0.0/4': ['224.0.0.1', '239.255.255.255'],
  '240.0.0.0/4': ['240.0.0.0', '255.255.255.255'],
  '::/96': ['::', '::1', '::7f00:1', '::ffff:ffff'],
  '64:ff9b:1::/48': ['64:ff9b:1::', '64:ff9b:1:ffff:ffff:ffff:ffff:ffff'],
  '100::/64': ['100::', '100::ffff:ffff:ffff:ffff'],
  '100:0:0:1::/64': ['100:0:0:1::', '100::1:ffff:ffff:ffff:ffff'],
  '2001::/23': ['2001::', '2001::1', '2001:0:4136:e378:8000:63bf:3fff:fdd2' /* Teredo */, '2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff'],
  '2001:db8::/32': ['2001:db8::', '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff'],
  '3fff::/20': ['3fff::', '3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff'],
  '5f00::/16': ['5f00::', '5f00:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  'fc00::/7': ['fc00::', 'fd12:3456::1', 'fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  'fe80::/10': ['fe80::', 'fe80::1%eth0', 'febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  'fec0::/10': ['fec0::', 'feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  'ff00::/8': ['ff00::', 'ff02::1', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
};

// IPv6 forms that carry an IPv4 address: private when the IPv4 address is.
const embedding: [string, string][] = [
  ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
  ['::ffff:7f00:1', 'IPv4-mapped loopback, hex'],
  ['::ffff:10.0.0.1', 'IPv4-mapped private'],
  ['::ffff:169.254.169.254', 'IPv4-mapped metadata endpoint'],
  ['::ffff:0:127.0.0.1', 'IPv4-translated loopback'],
  ['::ffff:0:a9fe:a9fe', 'IPv4-translated metadata endpoint'],
  ['64:ff9b::127.0.0.1', 'NAT64 of loopback'],
  ['64:ff9b::a9fe:a9fe', 'NAT64 of 169.254.169.254'],
  ['64:ff9b::c0a8:101', 'NAT64 of 192.168.1.1'],
  ['2002:7f00:1::', '6to4 of loopback'],
  ['2002:c0a8:0101::1', '6to4 of 192.168.1.1'],
  ['2002:a9fe:a9fe:1::1', '6to4 of the metadata endpoint'],
];

const publicAddresses = [
  '8.8.8.8',
  '1.1.1.1',
  '93.184.215.14',
  '9.255.255.255',
  '11.0.0.0',
  '100.63.255.255',
  '100.128.0.0',
  '126.255.255.255',
  '128.0.0.0',
  '169.253.255.255',
  '172.15.255.255',
  '172.32.0.0',
  '192.0.1.0',
  '192.88.98.255',
  '192.167.255.255',
  '192.169.0.0',
  '198.17.255.255',
  '198.20.0.0',
  '223.255.255.255',
  '2606:4700:4700::1111',
  '2001:4860:4860::8888',
  '2001:200::1', // just past 2001::/23
  '2001:db9::1',
  '3fff:1000::1', // just past 3fff::/20
  '2a00:1450:4001:82a::200e',
  '::ffff:8.8.8.8',
  '::ffff:0:8.8.8.8',
  '64:ff9b::8.8.8.8', // NAT64 of a public address is as public as it
  '2002:808:808::1', // 6to4 of 8.8.8.8
];

describe('isPrivateAddress', () => {
  test('every blocked range has its cases in this table', () => {
    const ranges = [...blockedIpv4Ranges, ...blockedIpv6Ranges].map(([prefix, bits]) => `${prefix}/${bits}`);
    expect(Object.keys(privateByRange).sort()).toEqual(ranges.sort());
  });

  test.for(Object.entries(privateByRange).flatMap(([range, ips]) => ips.map((ip) => [ip, range])))('%s (%s) is refused', ([ip]) => {
    expect(isPrivateAddress(ip!)).toBe(true);
    if (ip!.includes(':')) expect(isPrivateAddress(`[${ip}]`)).toBe(true);
  });

  test.for(embedding)('%s (%s) is refused', ([ip]) => {
    expect(isPrivateAddress(ip)).toBe(true);
  });

  test.for(publicAddresses)('%s is public', (ip) => {
    expect(isPrivateAddress(ip)).toBe(false);
  });

  test('anything that is not an address fails closed', () => {
    for (const value of ['localhost', 'example.com', '', '0x7f.1', '127.1', '2130706433', '1.2.3.4.5']) expect(isPrivateAddress(value)).toBe(true);
  });
});

describe('guardedFetch with loopback written in other ways', () => {
  let port = 0;
  const received: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    received.push(req);
    res.end('reached');
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  // The URL parser turns these hosts into 127.0.0.1 / ::ffff:7f00:1; the guard checks what is connected to.
  test.for(['0x7f.1', '127.1', '2130706433', '0177.0.0.1', '0x7f000001', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]', '[::ffff:0:7f00:1]', '[64:ff9b::7f00:1]', '[2002:7f00:1::]'])(
    'http://%s/ is refused without a request',
    async (host) => {
      const error = await guardedFetch(`http://${host}:${port}/`, { allowPrivateNetwork: false }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(OutboundRequestError);
      expect((error as OutboundRequestError).code).toBe('blocked_address');
      expect(received).toHaveLength(0);
    },
  );
});
