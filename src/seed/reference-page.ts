// The facts of the reference page (shared/reference/medical-records-administrator.txt) as data.
// Figures the page does not give stay null: the official importers bring the rest.
// The page's prose swaps the two growth figures; its chart matches BLS, so the chart wins.
import type { CredentialKind, EducationCode, RelationKind, RequirementLevel } from '../db/schema.js'

export interface SeedSource {
  slug: string
  publisher: string
  dataset: string
  referencePeriod: string | null
  url: string | null
}

export interface SeedCareer {
  slug: string
  title: string
  socCode: string | null
  /** SOC 2010 codes the career was published under before 2018. */
  soc2010Codes: string[]
  alternateTitles: string[]
  summary: string
  duties: string[]
  workEnvironment: string | null
  typicalEducation: EducationCode | null
  degreeRequired: string | null
  fieldsOfStudy: string[]
  licensure: string | null
  advancement: string | null
}

export interface SeedCredential {
  slug: string
  /** The source the requirements come from. */
  source: 'ahima-certification' | 'editorial'
  abbreviation: string | null
  name: string
  kind: CredentialKind
  issuer: string | null
  jurisdiction: string | null
  requirements: string | null
  renewal: string | null
  careers: Array<{ career: string, level: RequirementLevel, note: string | null }>
}

export interface SeedWage {
  socVersion: 2010 | 2018
  socCode: string
  occupationTitle: string
  year: number
  month: number
  industry: string | null
  annualMean: number
}

export interface SeedProjection {
  socCode: string
  occupationTitle: string
  changePercent: number
}

export const BLS_OEWS_2015: SeedSource = {
  slug: 'bls-oews-2015-05',
  publisher: 'U.S. Bureau of Labor Statistics',
  dataset: 'Occupational Employment and Wage Statistics',
  referencePeriod: 'May 2015',
  url: 'https://www.bls.gov/oes/',
}

export const BLS_EP_2014_24: SeedSource = {
  slug: 'bls-ep-2014-24',
  publisher: 'U.S. Bureau of Labor Statistics',
  dataset: 'Employment Projections',
  referencePeriod: '2014–24',
  url: 'https://www.bls.gov/emp/',
}

// AHIMA publishes each certification's eligibility and recertification rules.
export const AHIMA_CERTIFICATION: SeedSource = {
  slug: 'ahima-certification',
  publisher: 'American Health Information Management Association',
  dataset: 'Certification eligibility and recertification requirements',
  referencePeriod: null,
  url: 'https://www.ahima.org/',
}

export const EDITORIAL: SeedSource = {
  slug: 'editorial',
  publisher: 'Career Facts editors',
  dataset: 'Editorial career profiles',
  referencePeriod: null,
  url: null,
}

export const organizations = [
  { slug: 'ahima', name: 'American Health Information Management Association', abbreviation: 'AHIMA', url: 'https://www.ahima.org/' },
]

export const careers: SeedCareer[] = [
  {
    slug: 'medical-records-administrator',
    title: 'Medical Records Administrator',
    socCode: null,
    soc2010Codes: [],
    alternateTitles: [],
    summary: 'Medical records administrators collect patient data in electronic ' +
      'health records and databases and keep those systems secure. There are two ' +
      'types: health information technicians and health information managers.',
    duties: [
      'Organize patient records, test results, medical histories and treatments.',
      'Maintain secure and accurate records.',
      'Communicate information to healthcare professionals, patients and insurance companies.',
    ],
    workEnvironment: null,
    typicalEducation: null,
    degreeRequired: null,
    fieldsOfStudy: [],
    licensure: null,
    advancement: null,
  },
  {
    slug: 'health-information-technician',
    title: 'Health Information Technician',
    socCode: '29-2072',
    soc2010Codes: ['29-2071'],
    alternateTitles: [
      'Medical Records Technician', 'Medical Records Specialist', 'Medical Records and Health Information Technician',
    ],
    summary: 'Health information technicians collect patient medical data in electronic ' +
      'health records and databases and make sure these systems remain secure.',
    duties: [
      'Organize patient records, test results, medical histories and treatments.',
      'Maintain secure and accurate records.',
      'Communicate information to healthcare professionals, patients and insurance companies.',
    ],
    workEnvironment: 'Hospitals are the main employers; most jobs are expected in ' +
      'doctors\' offices, with hospitals and other health care clinics also hiring.',
    typicalEducation: 'postsecondary-nondegree',
    degreeRequired: 'Postsecondary certificate or associate\'s degree',
    fieldsOfStudy: ['Health information technology'],
    licensure: 'Registered Health Information Technician (RHIT) typically required',
    advancement: 'A bachelor\'s or master\'s degree prepares ' +
      'technicians to advance to health information manager positions.',
  },
  {
    slug: 'health-information-manager',
    title: 'Health Information Manager',
    socCode: '11-9111',
    soc2010Codes: ['11-9111'],
    alternateTitles: ['Medical Records Manager', 'Medical and Health Services Manager'],
    summary: 'Health information managers collect patient medical data in electronic health ' +
      'records and databases, keep these systems secure, design and implement database management ' +
      'strategies in response to new trends, and sometimes oversee information technology staff.',
    duties: [
      'Collaborate with application developers to coordinate content ' +
        'for medical records systems used by health professionals.',
      'Ensure that patient records are accurate and compliant with regulations.',
      'Design and implement database management strategies in response to new trends in the field.',
      'Oversee information technology staff.',
    ],
    workEnvironment: null,
    typicalEducation: 'bachelor',
    degreeRequired: 'Bachelor\'s degree',
    fieldsOfStudy: ['Health information technology', 'Health information management'],
    licensure: 'Professional certification may be preferred',
    advancement: null,
  },
  {
    slug: 'medical-transcriptionist',
    title: 'Medical Transcriptionist',
    socCode: '31-9094',
    soc2010Codes: ['31-9094'],
    alternateTitles: [],
    summary: 'Medical transcriptionists use specialized software to convert audio recordings ' +
      'made by doctors into text that can be entered into patients\' medical records.',
    duties: ['Convert audio recordings made by doctors into text for patients\' medical records.'],
    workEnvironment: null,
    typicalEducation: 'postsecondary-nondegree',
    degreeRequired: 'Postsecondary certificate',
    fieldsOfStudy: [],
    licensure: null,
    advancement: null,
  },
  {
    slug: 'database-administrator',
    title: 'Database Administrator',
    socCode: '15-1242',
    soc2010Codes: ['15-1141'],
    alternateTitles: [],
    summary: 'Database administrators maintain information management ' +
      'systems for organizations in a wide range of industries.',
    duties: ['Maintain information management systems for organizations.'],
    workEnvironment: null,
    typicalEducation: 'bachelor',
    degreeRequired: 'Bachelor\'s degree',
    fieldsOfStudy: [],
    licensure: null,
    advancement: null,
  },
]

export const relations: Array<{ from: string, to: string, kind: RelationKind }> = [
  { from: 'medical-records-administrator', to: 'health-information-technician', kind: 'specialization' },
  { from: 'medical-records-administrator', to: 'health-information-manager', kind: 'specialization' },
  { from: 'health-information-technician', to: 'health-information-manager', kind: 'advancement' },
  { from: 'health-information-technician', to: 'medical-transcriptionist', kind: 'alternative' },
  { from: 'health-information-manager', to: 'database-administrator', kind: 'alternative' },
]

export const credentials: SeedCredential[] = [
  {
    slug: 'rhit',
    source: 'ahima-certification',
    abbreviation: 'RHIT',
    name: 'Registered Health Information Technician',
    kind: 'certification',
    issuer: 'ahima',
    jurisdiction: null,
    requirements: 'Complete the academic requirements, at the associate degree level, of a health ' +
      'information management program accredited by CAHIIM (or graduate from a program approved by ' +
      'a foreign association with which AHIMA has a reciprocity agreement), then pass the RHIT exam.',
    renewal: '20 continuing education units every two-year recertification cycle.',
    careers: [{ career: 'health-information-technician', level: 'typically-required', note: null }],
  },
  {
    slug: 'rhia',
    source: 'ahima-certification',
    abbreviation: 'RHIA',
    name: 'Registered Health Information Administrator',
    kind: 'certification',
    issuer: 'ahima',
    jurisdiction: null,
    requirements: 'Complete the academic requirements, at the baccalaureate or master\'s degree level, of ' +
      'a health information management program accredited by CAHIIM (or graduate from a program approved ' +
      'by a foreign association with which AHIMA has a reciprocity agreement), then pass the RHIA exam.',
    renewal: '30 continuing education units every two-year recertification cycle.',
    careers: [{ career: 'health-information-manager', level: 'preferred', note: null }],
  },
  {
    // The page: records jobs are not generally state-regulated, but administrators of a
    // nursing home or long-term care facility need a state license; so the link is
    // optional for the career and the note states when it is required.
    slug: 'nursing-home-administrator-license',
    source: 'editorial',
    abbreviation: null,
    name: 'Nursing Home Administrator License',
    kind: 'license',
    issuer: null,
    jurisdiction: 'State licensing boards (each state)',
    requirements: 'Education and competency requirements set by the state, and continuing education.',
    renewal: 'Continuing education.',
    careers: [{
      career: 'health-information-manager',
      level: 'optional',
      note: 'Required when working as an administrator in a nursing home or long-term care facility.',
    }],
  },
]

export const crosswalk: Array<{ soc2010: string, soc2018: string }> = careers.flatMap(
  (career) => career.soc2010Codes.map((soc2010) => ({ soc2010, soc2018: career.socCode ?? '' })),
)

// The industries the page names, as NAICS: where technicians mostly work (hospitals), where
// they earn most (professional, scientific and technical services), where most jobs are
// expected (doctors' offices), where administrators need a state license (nursing homes),
// and where managers earn most. The page gives a figure only for the last.
export const industries = [
  { code: '3254', title: 'Pharmaceutical and Medicine Manufacturing' },
  { code: '541', title: 'Professional, Scientific, and Technical Services' },
  { code: '6211', title: 'Offices of Physicians' },
  { code: '622', title: 'Hospitals' },
  { code: '6231', title: 'Nursing Care Facilities (Skilled Nursing Facilities)' },
]

export const wages: SeedWage[] = [
  {
    socVersion: 2010, socCode: '29-2071', occupationTitle: 'Medical Records and Health Information Technicians',
    year: 2015, month: 5, industry: null, annualMean: 40430,
  },
  {
    socVersion: 2010, socCode: '11-9111', occupationTitle: 'Medical and Health Services Managers',
    year: 2015, month: 5, industry: null, annualMean: 106070,
  },
  {
    socVersion: 2010, socCode: '11-9111', occupationTitle: 'Medical and Health Services Managers',
    year: 2015, month: 5, industry: '3254', annualMean: 161530,
  },
]

export const projectionCycle = { baseYear: 2014, targetYear: 2024, socVersion: 2010 as const }

// The Occupational Outlook Handbook's bands for the 2014–24 projections, which it states in
// whole percents (14% or more is "much faster"); the edges sit at the halves so an
// unrounded change falls where its rounded value would.
export const projectionBands2014: Array<{ descriptor: string, minPercent: number }> = [
  { descriptor: 'Decline', minPercent: -100 },
  { descriptor: 'Little or no change', minPercent: -1.5 },
  { descriptor: 'Slower than average', minPercent: 1.5 },
  { descriptor: 'As fast as average', minPercent: 4.5 },
  { descriptor: 'Faster than average', minPercent: 8.5 },
  { descriptor: 'Much faster than average', minPercent: 13.5 },
]

export const projections: SeedProjection[] = [
  { socCode: '29-2071', occupationTitle: 'Medical Records and Health Information Technicians', changePercent: 15 },
  { socCode: '11-9111', occupationTitle: 'Medical and Health Services Managers', changePercent: 17 },
]

// The page's two fields of study as CIP 2020 codes, with NCES's titles and definitions as the
// CIP 2020 list gives them (the importer replaces them with the same text).
export const NCES_CIP_2020: SeedSource = {
  slug: 'nces-cip-2020',
  publisher: 'National Center for Education Statistics, U.S. Department of Education',
  dataset: 'Classification of Instructional Programs (CIP) 2020',
  referencePeriod: '2020',
  url: 'https://nces.ed.gov/ipeds/cipcode/',
}

export const fieldsOfStudy: Array<{ code: string, family: string, title: string, definition: string }> = [
  {
    code: '51',
    family: '51',
    title: 'HEALTH PROFESSIONS AND RELATED PROGRAMS',
    definition: 'Instructional programs that prepare individuals to practice ' +
      'as licensed professionals and assistants in the health care professions ' +
      'and related clinical sciences and administrative and support services.',
  },
  {
    code: '51.0706',
    family: '51',
    title: 'Health Information/Medical Records Administration/Administrator',
    definition: 'A program that prepares individuals to plan, design, and manage systems, processes, and ' +
      'facilities used to collect, store, secure, retrieve, analyze, and transmit medical records and other ' +
      'health information used by clinical professionals and health care organizations.  Includes ' +
      'instruction in the principles and basic content of the biomedical and clinical sciences, information ' +
      'technology and applications, data and database management, clinical research methodologies, health ' +
      'information resources and systems, office management, legal requirements, and professional standards.',
  },
  {
    code: '51.0707',
    family: '51',
    title: 'Health Information/Medical Records Technology/Technician',
    definition: 'A program that prepares individuals, under the supervision of health information ' +
      'administrators and other professionals, to construct medical records and clinical databases, perform ' +
      'manipulations on retrieved data, control the security and quality of records, and supervise data entry ' +
      'and technical maintenance personnel.  Includes instruction in clinical and biomedical science data and ' +
      'information requirements, database management, data coding and validation, information security, quality ' +
      'control, health information content and structure, medical business procedures, and legal requirements.',
  },
]

/** Each career's fields of study (as the page words them) and their CIP codes. */
export const careerFieldCips: Array<{ career: string, field: string, cip: string }> = [
  { career: 'health-information-technician', field: 'Health information technology', cip: '51.0707' },
  { career: 'health-information-manager', field: 'Health information technology', cip: '51.0707' },
  { career: 'health-information-manager', field: 'Health information management', cip: '51.0706' },
]
