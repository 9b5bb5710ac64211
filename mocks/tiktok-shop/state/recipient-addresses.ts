/**
 * The buyer's delivery address in each market the mock sells in, in the shape of TikTok's
 * `recipient_address` (Get Order Detail, OpenAPI bundle): `region_code`, `postal_code`,
 * `full_address`, `address_line1/2`, `address_detail`, `phone_number`, `name`,
 * `first_name`/`last_name`, `district_info[{address_level L0..L4, address_level_name,
 * address_name, iso_code}]` from the country (L0) down, and `post_town` in the UK only (the
 * bundle: "Available only in UK market").
 *
 * Each market gets its own format: a UK postcode and post town; five-digit postcodes in
 * Indonesia, Malaysia and Thailand, six digits in Singapore and Vietnam, four in the
 * Philippines, ZIP codes in the US; the country's calling code in the phone number; and the
 * country's own administrative levels (province, city, district, village in Indonesia; state
 * and city in Malaysia; none below the country in Singapore...). The bundle names the fields,
 * not each market's level names: those are the mock's reading of each country's divisions.
 * Streets and names are the mock's (fictional), and phone numbers desensitized as TikTok shows
 * them. A default shop's buyer is in the shop's US sub-region (`region_code` `US-EAST`...), the
 * reference stack's routing key, with that sub-region's state.
 */

export interface DistrictInfo {
  address_level: string;
  address_level_name: string;
  address_name: string;
  iso_code: string;
}

export interface RecipientAddress {
  region_code: string;
  name: string;
  first_name: string;
  last_name: string;
  phone_number: string;
  postal_code: string;
  full_address: string;
  address_line1: string;
  address_line2: string;
  address_detail: string;
  district_info: DistrictInfo[];
  post_town?: string;
}

/** One market's address: the country, then its levels below it, most general first. */
interface Shape {
  country: string;
  iso: string;
  /** [level name, area name, ISO code or ''], from L1 down. */
  levels: readonly (readonly [string, string, string])[];
  line1: string;
  postal: string;
  phone: string;
  postTown?: string;
}

const US = (state: string, iso: string, city: string, zip: string): Shape => ({
  country: 'United States',
  iso: 'US',
  levels: [['State', state, iso], ['City', city, '']],
  line1: '1 Mock Street',
  postal: zip,
  phone: '(+1)555-***-0100',
});

const SHAPES: Readonly<Record<string, Shape>> = {
  US: US('California', 'US-CA', 'San Jose', '95110'),
  'US-EAST': US('New York', 'US-NY', 'New York', '10001'),
  'US-CENTRAL': US('Illinois', 'US-IL', 'Chicago', '60601'),
  'US-WEST': US('California', 'US-CA', 'San Jose', '95110'),
  'US-SOUTH': US('Texas', 'US-TX', 'Dallas', '75201'),
  'US-NORTHWEST': US('Washington', 'US-WA', 'Seattle', '98101'),
  'US-SOUTHWEST': US('Arizona', 'US-AZ', 'Phoenix', '85001'),
  'US-MIDWEST': US('Missouri', 'US-MO', 'Kansas City', '64105'),
  'US-NORTHEAST': US('Massachusetts', 'US-MA', 'Boston', '02108'),
  GB: {
    country: 'United Kingdom',
    iso: 'GB',
    levels: [['Country', 'England', 'GB-ENG'], ['County', 'Lancashire', 'GB-LAN'], ['Post town', 'Preston', '']],
    line1: '1 Mock Street',
    postal: 'PR1 1AA',
    phone: '(+44)7700-***-900',
    postTown: 'Preston',
  },
  ID: {
    country: 'Indonesia',
    iso: 'ID',
    levels: [['Province', 'DKI Jakarta', 'ID-JK'], ['City', 'Jakarta Selatan', ''], ['District', 'Kebayoran Baru', ''], ['Village', 'Senayan', '']],
    line1: 'Jl. Mock No. 1',
    postal: '12190',
    phone: '(+62)812-***-0100',
  },
  MY: {
    country: 'Malaysia',
    iso: 'MY',
    levels: [['State', 'Selangor', 'MY-10'], ['City', 'Petaling Jaya', '']],
    line1: '1 Jalan Mock',
    postal: '46200',
    phone: '(+60)12-***-0100',
  },
  TH: {
    country: 'Thailand',
    iso: 'TH',
    levels: [['Province', 'Bangkok', 'TH-10'], ['District', 'Pathum Wan', ''], ['Subdistrict', 'Lumphini', '']],
    line1: '1 Mock Road',
    postal: '10330',
    phone: '(+66)81-***-0100',
  },
  VN: {
    country: 'Vietnam',
    iso: 'VN',
    levels: [['Province', 'Hồ Chí Minh', 'VN-SG'], ['District', 'Quận 1', ''], ['Ward', 'Phường Bến Nghé', '']],
    line1: '1 Đường Mock',
    postal: '700000',
    phone: '(+84)90-***-0100',
  },
  PH: {
    country: 'Philippines',
    iso: 'PH',
    levels: [['Region', 'Metro Manila', 'PH-00'], ['City', 'Makati', ''], ['Barangay', 'Poblacion', '']],
    line1: '1 Mock Street',
    postal: '1210',
    phone: '(+63)917-***-0100',
  },
  SG: { country: 'Singapore', iso: 'SG', levels: [], line1: '1 Mock Road', postal: '018956', phone: '(+65)8***-0100' },
};

/** The address a buyer in `region` (a market code, or a default shop's US sub-region) has. */
export function recipientAddress(region: string): RecipientAddress {
  const s = SHAPES[region];
  if (s === undefined) throw new Error(`no address shape for region ${JSON.stringify(region)}`);
  const district_info = [['Country', s.country, s.iso] as const, ...s.levels].map(([level, name, iso], i) => ({
    address_level: `L${i}`,
    address_level_name: level,
    address_name: name,
    iso_code: iso,
  }));
  const local = s.levels.map(([, name]) => name).reverse();
  return {
    region_code: region,
    name: 'Mock Buyer',
    first_name: 'Mock',
    last_name: 'Buyer',
    phone_number: s.phone,
    postal_code: s.postal,
    full_address: [s.line1, ...local, s.postal, s.country].join(', '),
    address_line1: s.line1,
    address_line2: '',
    address_detail: '',
    district_info,
    ...(s.postTown !== undefined && { post_town: s.postTown }),
  };
}
