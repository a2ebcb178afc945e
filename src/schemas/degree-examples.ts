// Example answers for the degree-options operations. Fields of study are the seeded CIP
// codes; the school is an invented placeholder that only illustrates the shape (the seed
// holds no schools).
import type { Static } from '@sinclair/typebox'
import type { FieldOfStudy, FieldOfStudyList } from '../resources/fields-of-study/schemas.js'
import type { Institution, InstitutionList, Program, ProgramList } from '../resources/programs/schemas.js'

const technology = {
  code: '51.0707',
  title: 'Health Information/Medical Records Technology/Technician',
}

export const fieldOfStudyExample: Static<typeof FieldOfStudy> = {
  ...technology,
  level: 'program',
  definition: 'A program that prepares individuals, under the supervision of health information ' +
    'administrators and other professionals, to construct medical records and clinical databases, perform ' +
    'manipulations on retrieved data, control the security and quality of records, and supervise data entry ' +
    'and technical maintenance personnel.  Includes instruction in clinical and biomedical science data and ' +
    'information requirements, database management, data coding and validation, information security, quality ' +
    'control, health information content and structure, medical business procedures, and legal requirements.',
  family: { code: '51', title: 'HEALTH PROFESSIONS AND RELATED PROGRAMS' },
  occupations: [{
    socCode: '29-2072',
    career: {
      id: 2, slug: 'health-information-technician', title: 'Health Information Technician', socCode: '29-2072',
    },
    sources: ['nces-cip-2020-soc-2018'],
  }],
  source: {
    slug: 'nces-cip-2020',
    publisher: 'National Center for Education Statistics, U.S. Department of Education',
    dataset: 'Classification of Instructional Programs (CIP) 2020',
    referencePeriod: '2020',
    url: 'https://nces.ed.gov/ipeds/cipcode/',
    notice: null,
  },
}

export const fieldOfStudyListExample: Static<typeof FieldOfStudyList> = {
  data: [
    { ...technology, level: 'program', definition: fieldOfStudyExample.definition },
    {
      code: '51.0706',
      title: 'Health Information/Medical Records Administration/Administrator',
      level: 'program',
      definition: 'A program that prepares individuals to plan, design, and manage systems, processes, and ' +
        'facilities used to collect, store, secure, retrieve, analyze, and transmit medical records and other ' +
        'health information used by clinical professionals and health care organizations.  Includes ' +
        'instruction in the principles and basic content of the biomedical and clinical sciences, information ' +
        'technology and applications, data and database management, clinical research methodologies, health ' +
        'information resources and systems, office management, legal requirements, and professional standards.',
    },
  ],
  nextCursor: null,
}

export const institutionExample: Static<typeof Institution> = {
  id: 1,
  name: 'Example Community College',
  city: 'Springfield',
  state: 'IL',
  ipedsUnitId: null,
  url: 'https://college.example/',
  updatedAt: '2026-11-28T19:00:00.000Z',
}

export const institutionListExample: Static<typeof InstitutionList> = { data: [institutionExample], nextCursor: null }

export const programExample: Static<typeof Program> = {
  id: 1,
  name: 'Health Information Technology, A.A.S.',
  institution: institutionExample,
  awardLevel: 'associate',
  fieldOfStudy: technology,
  delivery: 'hybrid',
  url: 'https://college.example/hit',
  tuition: { amount: 4200, currency: 'USD', year: 2026 },
  sponsored: true,
  sponsorDisclosure: 'Sponsored listing: Example Community College paid to appear here.',
  updatedAt: '2026-11-28T19:00:00.000Z',
}

export const programListExample: Static<typeof ProgramList> = {
  data: [programExample, {
    ...programExample,
    id: 2,
    name: 'Health Information Technology Certificate',
    awardLevel: 'certificate',
    delivery: 'online',
    tuition: null,
    sponsored: false,
    sponsorDisclosure: null,
  }],
  nextCursor: null,
}
