import ExcelJS from 'exceljs'
const [file, sheetName, from, to] = process.argv.slice(2)
const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', worksheets: 'emit', hyperlinks: 'ignore', styles: 'ignore', entries: 'emit' })
for await (const ws of reader) {
  if (sheetName && ws.name !== sheetName) { for await (const r of ws) {} ; continue }
  for await (const row of ws) if (row.number >= Number(from) && row.number <= Number(to)) console.log(ws.name, row.number, JSON.stringify(row.values).slice(0, 300))
}
