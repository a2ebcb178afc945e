// The official files `career-facts datasets download` fetches: facts only, no behaviour.
// Byte sizes and sha256 digests are recorded only where ../shared/data holds the file exactly as
// its publisher serves it (its README and the XLSX metadata say which); each figure was measured
// there with `stat -c %s` and `sha256sum` on 2026-12-01. Elsewhere they are unknown (null), and
// the download is checked only against the server's own Content-Length.
//
// A recorded digest pins the edition: when a publisher replaces a file at the same address (EP
// does each autumn), the download fails its check until this manifest is updated with the new
// period and figures, so a refresh never imports a new edition under an old period's name.

export type DatasetKind = 'file' | 'zip'

export interface DatasetFile {
  /** What `--only` names. */
  name: string
  publisher: string
  dataset: string
  /** The reference period or release, as the publisher states it. */
  period: string
  /** The publisher's own address for the file; its last segment is the file name. */
  url: string
  /** `zip`: an archive unpacked into a folder of its own name. */
  kind: DatasetKind
  bytes: number | null
  sha256: string | null
}

const BLS = 'U.S. Bureau of Labor Statistics'
const OEWS = 'https://www.bls.gov/oes/special-requests'

// OEWS archives: ../shared/data holds only the national XLSX files unpacked from them, not the
// archives, so no archive's size or digest is known.
function oews (name: string, file: string, dataset: string, period: string): DatasetFile {
  return { name, publisher: BLS, dataset, period, url: `${OEWS}/${file}`, kind: 'zip', bytes: null, sha256: null }
}

export const MANIFEST: readonly DatasetFile[] = [
  oews('oews-national-2024', 'oesm24nat.zip', 'OEWS national estimates', 'May 2024'),
  oews('oews-national-2023', 'oesm23nat.zip', 'OEWS national estimates', 'May 2023'),
  oews('oews-national-2015', 'oesm15nat.zip', 'OEWS national estimates', 'May 2015'),
  oews('oews-state-2024', 'oesm24st.zip', 'OEWS state estimates', 'May 2024'),
  oews('oews-metro-2024', 'oesm24ma.zip', 'OEWS metropolitan and nonmetropolitan area estimates', 'May 2024'),
  oews('oews-industry-2024', 'oesm24in4.zip', 'OEWS national industry-specific estimates (4-digit NAICS)',
    'May 2024'),
  {
    name: 'ep-occupation',
    publisher: BLS,
    dataset: 'Employment Projections: occupational projections and worker characteristics',
    period: '2024–34',
    url: 'https://www.bls.gov/emp/ind-occ-matrix/occupation.xlsx',
    kind: 'file',
    // ../shared/data/ep/occupation.xlsx: created and last saved by BLS (2025-08-04), as published.
    bytes: 407_365,
    sha256: 'bebf85e71d3a274eb0531077a9fe1bbcd1167e0a14c59e33071f61cbda9d3a57',
  },
  {
    name: 'ep-nem-onet-crosswalk',
    publisher: BLS,
    dataset: 'O*NET-SOC to National Employment Matrix and Occupational Outlook Handbook crosswalk',
    period: '2024-08-29',
    url: 'https://www.bls.gov/emp/classifications-crosswalks/nem-onet-to-soc-crosswalk.xlsx',
    kind: 'file',
    // ../shared/data/ep/nem-onet-to-soc-crosswalk.xlsx: created by BLS, never saved since (2024-07-24).
    bytes: 93_723,
    sha256: 'b35ffb4d332defb23a9b87f963c5bedf06a0f39582fcbfefa14cd8bb52b804b0',
  },
  // The SOC structure, definitions and direct-match files in ../shared/data were re-saved by the
  // repository they came from (2026-03-17), so they are not the files BLS serves: unknown.
  {
    name: 'soc-structure',
    publisher: BLS,
    dataset: 'Standard Occupational Classification 2018: structure',
    period: '2018',
    url: 'https://www.bls.gov/soc/2018/soc_structure_2018.xlsx',
    kind: 'file',
    bytes: null,
    sha256: null,
  },
  {
    name: 'soc-definitions',
    publisher: BLS,
    dataset: 'Standard Occupational Classification 2018: definitions',
    period: '2018',
    url: 'https://www.bls.gov/soc/2018/soc_2018_definitions.xlsx',
    kind: 'file',
    bytes: null,
    sha256: null,
  },
  {
    name: 'soc-direct-match-titles',
    publisher: BLS,
    dataset: 'Standard Occupational Classification 2018: direct match titles',
    period: '2018',
    url: 'https://www.bls.gov/soc/2018/soc_2018_direct_match_title_file.xlsx',
    kind: 'file',
    bytes: null,
    sha256: null,
  },
  {
    name: 'soc-2010-2018-crosswalk',
    publisher: BLS,
    dataset: 'SOC 2010 to 2018 crosswalk',
    period: '2018',
    url: 'https://www.bls.gov/soc/2018/soc_2010_to_2018_crosswalk.xlsx',
    kind: 'file',
    // ../shared/data/soc/soc_2010_to_2018_crosswalk.xlsx: untouched since BLS saved it (2017-12-04).
    bytes: 46_630,
    sha256: 'f3a847561562d3e5a30eb848f2902a5f7b02e9c48b3d7f2cc8879899fbc242a7',
  },
  // ../shared/data/onet_29_2 holds some of the release's text files, not the archive: unknown.
  {
    name: 'onet-29-2-text',
    publisher: 'U.S. Department of Labor, Employment and Training Administration (O*NET)',
    dataset: 'O*NET database, text files',
    period: '29.2 (February 2025)',
    url: 'https://www.onetcenter.org/dl_files/database/db_29_2_text.zip',
    kind: 'zip',
    bytes: null,
    sha256: null,
  },
  // ../shared/data/cip_soc/CIPCode2020.csv may differ from NCES's download (its README notes the
  // codes are not wrapped as NCES's are), and the CIP-SOC crosswalk is not there: unknown.
  {
    name: 'cip-2020',
    publisher: 'National Center for Education Statistics',
    dataset: 'Classification of Instructional Programs 2020',
    period: '2020',
    url: 'https://nces.ed.gov/ipeds/cipcode/Files/CIPCode2020.csv',
    kind: 'file',
    bytes: null,
    sha256: null,
  },
  {
    name: 'cip-soc-crosswalk',
    publisher: 'National Center for Education Statistics',
    dataset: 'CIP 2020 to SOC 2018 crosswalk',
    period: '2020',
    url: 'https://nces.ed.gov/ipeds/cipcode/Files/CIP2020_SOC2018_Crosswalk.xlsx',
    kind: 'file',
    bytes: null,
    sha256: null,
  },
]

