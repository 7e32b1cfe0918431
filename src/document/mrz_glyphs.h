// The OCR-B glyph sheet compiled into idmatch: the 37 MRZ characters on one
// fixed-pitch line, rendered at build time by tools/mrz_glyph_sheet.cpp from
// Debian's fonts-ocr-b (the font ICAO 9303-3 prescribes for the MRZ).
#pragma once

namespace idmatch::document {

extern const char* const kMrzGlyphSheetText;  // the characters, left to right
extern const int kMrzGlyphSheetWidth;         // pixels
extern const int kMrzGlyphSheetHeight;
extern const unsigned char kMrzGlyphSheet[];  // 8-bit grey, row-major, dark glyphs on white

}  // namespace idmatch::document
