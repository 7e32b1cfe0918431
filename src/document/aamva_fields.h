// The common fields of an AAMVA record (names, dates, sex, address, issuer)
// from its raw data elements. Internal to the AAMVA parser (aamva.h).
//
// Thread contract: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "document/aamva.h"

namespace idmatch::document {

// A raw element value as text: bytes that are not UTF-8 read as
// Windows-1252, control and padding bytes (NUL, 0x1C-0x1F, DEL...) removed,
// spaces trimmed and runs of spaces collapsed.
std::string CleanAamvaValue(std::string_view raw);

// Fills the record's common fields from `elements` of its document subfile
// (DL or ID), adding a warning for each value it had to interpret.
void FillAamvaFields(AamvaRecord& r);

}  // namespace idmatch::document
