//! The number formats of an `.xls` (BIFF8) workbook's cells, which calamine does not report
//! (it reads them only to tell dates): without them 95% typed in Excel, stored as 0.95 with the
//! format `0%`, would read as 0.95.
//!
//! A small reader of what it needs and nothing else: the compound file's `Workbook` stream
//! (regular or mini stream), in it the FORMAT and XF records and each sheet's number cells
//! (NUMBER, RK, MULRK, FORMULA) with their XF. Every read is bounds-checked and every chain
//! bounded, so a malformed file gives no formats, never a panic.

use std::collections::HashMap;

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const MAX_SECTOR: u32 = 0xFFFF_FFFA;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The built-in number formats that matter here (ECMA-376 18.8.30; the same ids in BIFF8).
fn builtin(ifmt: u16) -> Option<&'static str> {
    Some(match ifmt {
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        9 => "0%",
        10 => "0.00%",
        11 => "0.00E+00",
        49 => "@",
        _ => return None,
    })
}

/// The number formats of the cells of each sheet of an `.xls` file.
pub(crate) struct XlsFormats {
    stream: Vec<u8>,
    /// Each XF's format code, when it is not General (nor a date, which calamine reads).
    xf_codes: Vec<Option<String>>,
    /// Each sheet's name and the offset of its BOF record in the stream.
    sheets: Vec<(String, usize)>,
}

impl XlsFormats {
    /// Reads the formats of a BIFF8 workbook; `None` when the file is not one that this reader
    /// understands (the import then reads numbers as their values).
    pub(crate) fn read(file: &[u8]) -> Option<XlsFormats> {
        let stream = workbook_stream(file)?;
        let mut formats: HashMap<u16, String> = HashMap::new();
        let mut xf_ifmt: Vec<u16> = Vec::new();
        let mut sheets = Vec::new();
        let mut first = true;
        for (typ, data) in records(&stream, 0) {
            if first {
                // BOF of the workbook globals, BIFF8.
                if typ != 0x0809 || u16_at(data, 0)? != 0x0600 {
                    return None;
                }
                first = false;
                continue;
            }
            match typ {
                0x041E => {
                    let ifmt = u16_at(data, 0)?;
                    if let Some(s) = xl_string(data.get(2..)?, true) {
                        formats.insert(ifmt, s);
                    }
                }
                0x00E0 => xf_ifmt.push(u16_at(data, 2)?),
                0x0085 => {
                    let pos = u32_at(data, 0)? as usize;
                    if let Some(name) = xl_string(data.get(6..)?, false) {
                        sheets.push((name, pos));
                    }
                }
                0x000A => break,
                _ => {}
            }
        }
        let xf_codes =
            xf_ifmt.into_iter().map(|i| formats.get(&i).cloned().or_else(|| builtin(i).map(str::to_string))).collect();
        Some(XlsFormats { stream, xf_codes, sheets })
    }

    /// The format code of each number cell of sheet `name` that has one, by (row, column).
    pub(crate) fn sheet(&self, name: &str) -> HashMap<(u32, u32), String> {
        let mut out = HashMap::new();
        let Some(&(_, pos)) = self.sheets.iter().find(|(n, _)| n == name) else { return out };
        let mut put = |r: u16, c: u16, xf: u16| {
            if let Some(Some(code)) = self.xf_codes.get(xf as usize) {
                out.insert((u32::from(r), u32::from(c)), code.clone());
            }
        };
        for (k, (typ, d)) in records(&self.stream, pos).enumerate() {
            match typ {
                0x0809 if k == 0 => {}
                0x0809 | 0x000A => break,
                // NUMBER, RK, FORMULA: row, column, XF.
                0x0203 | 0x027E | 0x0006 => {
                    if let (Some(r), Some(c), Some(xf)) = (u16_at(d, 0), u16_at(d, 2), u16_at(d, 4)) {
                        put(r, c, xf);
                    }
                }
                // MULRK: row, first column, (XF, RK) pairs, last column.
                0x00BD => {
                    if let (Some(r), Some(c0)) = (u16_at(d, 0), u16_at(d, 2)) {
                        let n = d.len().saturating_sub(6) / 6;
                        for i in 0..n {
                            if let Some(xf) = u16_at(d, 4 + 6 * i) {
                                put(r, c0.saturating_add(i as u16), xf);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        out
    }
}

/// The BIFF records from `at`: (type, data).
fn records(stream: &[u8], mut at: usize) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let typ = u16_at(stream, at)?;
        let len = u16_at(stream, at + 2)? as usize;
        let data = stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        Some((typ, data))
    })
}

/// An XLUnicodeString (`wide_count`: a 16-bit count, else 8-bit): count, flags, characters
/// (UTF-16LE, or one byte each when the high bytes are left out).
fn xl_string(b: &[u8], wide_count: bool) -> Option<String> {
    let (count, at) = if wide_count { (u16_at(b, 0)? as usize, 2) } else { (*b.first()? as usize, 1) };
    let flags = *b.get(at)?;
    let chars = &b[at + 1..];
    if flags & 1 == 1 {
        let units: Vec<u16> = (0..count).map(|i| u16_at(chars, 2 * i)).collect::<Option<_>>()?;
        Some(String::from_utf16_lossy(&units))
    } else {
        Some(chars.get(..count)?.iter().map(|&c| char::from(c)).collect())
    }
}

/// Whether every sector a compound file names lies wholly inside it. calamine 0.38 panics on a
/// chain that runs past the end of the file (a truncated `.xls`), so such a file is refused as
/// corrupt before calamine reads it.
pub(crate) fn is_sound(file: &[u8]) -> bool {
    let Some(cfb) = Cfb::new(file) else { return false };
    let sectors = (file.len() / cfb.sector).saturating_sub(1) as u64;
    let fits = |s: u32| s > MAX_SECTOR || u64::from(s) < sectors;
    let starts = [0x30, 0x3C, 0x44].iter().map(|&at| u32_at(file, at).unwrap_or(ENDOFCHAIN));
    let Some(dir) = u32_at(file, 0x30).and_then(|s| cfb.chain_bytes(s)) else { return false };
    let cutoff = u32_at(file, 0x38).unwrap_or(4096);
    let streams = dir.chunks_exact(128).filter(|e| matches!(e[66], 2 | 5)).filter_map(|e| {
        let (start, size) = (u32_at(e, 116)?, u32_at(e, 120)?);
        (e[66] == 5 || size >= cutoff).then_some(start)
    });
    cfb.fat.iter().copied().chain(starts).chain(streams).all(fits)
}

/// The `Workbook` (or `Book`) stream of a compound file.
fn workbook_stream(file: &[u8]) -> Option<Vec<u8>> {
    let cfb = Cfb::new(file)?;
    let dir = cfb.chain_bytes(u32_at(file, 0x30)?)?;
    let entries: Vec<&[u8]> = dir.chunks_exact(128).collect();
    let root = entries.first()?;
    let find = |want: &str| {
        entries.iter().find(|e| {
            let len = (u16_at(e, 64).unwrap_or(0) as usize).min(64);
            let units: Vec<u16> = e[..len].chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
            e[66] == 2 && String::from_utf16_lossy(&units).trim_end_matches('\0') == want
        })
    };
    let entry = find("Workbook").or_else(|| find("Book"))?;
    let (start, size) = (u32_at(entry, 116)?, u32_at(entry, 120)? as usize);
    let cutoff = u32_at(file, 0x38)? as usize;
    let mut bytes = if size < cutoff {
        let mini_stream = cfb.chain_bytes(u32_at(root, 116)?)?;
        let mini_fat = cfb.chain_bytes(u32_at(file, 0x3C)?)?;
        let mini_size = 1usize << u16_at(file, 0x20)?.min(12);
        let mut out = Vec::new();
        let mut s = start;
        for _ in 0..mini_fat.len() / 4 + 1 {
            if s > MAX_SECTOR {
                break;
            }
            out.extend_from_slice(mini_stream.get(s as usize * mini_size..(s as usize + 1) * mini_size)?);
            s = u32_at(&mini_fat, s as usize * 4)?;
        }
        out
    } else {
        cfb.chain_bytes(start)?
    };
    bytes.truncate(size);
    Some(bytes)
}

/// A compound file's sectors and FAT.
struct Cfb<'a> {
    file: &'a [u8],
    sector: usize,
    fat: Vec<u32>,
}

impl<'a> Cfb<'a> {
    fn new(file: &'a [u8]) -> Option<Cfb<'a>> {
        let shift = u16_at(file, 0x1E)?;
        if !(7..=16).contains(&shift) {
            return None;
        }
        let sector = 1usize << shift;
        let mut cfb = Cfb { file, sector, fat: Vec::new() };
        // The FAT's sectors: 109 in the header, the rest in the DIFAT chain.
        let mut fat_sectors: Vec<u32> = (0..109).filter_map(|i| u32_at(file, 0x4C + 4 * i)).collect();
        let mut difat = u32_at(file, 0x44)?;
        let per = sector / 4;
        for _ in 0..file.len() / sector + 1 {
            if difat > MAX_SECTOR {
                break;
            }
            let s = cfb.sector_bytes(difat)?;
            fat_sectors.extend((0..per - 1).filter_map(|i| u32_at(s, 4 * i)));
            difat = u32_at(s, 4 * (per - 1))?;
        }
        let mut fat = Vec::new();
        for &s in fat_sectors.iter().filter(|&&s| s <= MAX_SECTOR) {
            let bytes = cfb.sector_bytes(s)?;
            fat.extend((0..per).filter_map(|i| u32_at(bytes, 4 * i)));
        }
        cfb.fat = fat;
        Some(cfb)
    }

    fn sector_bytes(&self, s: u32) -> Option<&'a [u8]> {
        let at = (s as usize + 1).checked_mul(self.sector)?;
        self.file.get(at..at + self.sector)
    }

    /// The bytes of the chain starting at sector `s` (at most as many sectors as the file has).
    fn chain_bytes(&self, mut s: u32) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        for _ in 0..self.file.len() / self.sector + 1 {
            if s == ENDOFCHAIN || s > MAX_SECTOR {
                return Some(out);
            }
            out.extend_from_slice(self.sector_bytes(s)?);
            s = *self.fat.get(s as usize)?;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_files_give_no_formats() {
        assert!(XlsFormats::read(&[]).is_none());
        let mut f = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        f.resize(2048, 0xFF);
        assert!(XlsFormats::read(&f).is_none());
        f[0x1E] = 9;
        f[0x1F] = 0;
        assert!(XlsFormats::read(&f).is_none());
    }

    #[test]
    fn strings() {
        assert_eq!(xl_string(&[2, 0, 0, b'0', b'%'], true).as_deref(), Some("0%"));
        assert_eq!(xl_string(&[1, 1, 0x68, 0x88], false).as_deref(), Some("表"));
        assert_eq!(xl_string(&[5, 0, b'a'], false), None);
    }
}
