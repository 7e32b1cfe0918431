// libFuzzer entry point for the AAMVA parser and the path from barcode bytes
// to the JSON answer: barcode text is untrusted, non-ASCII bytes included.
// Every input must end in a record or a Status; a record always names its
// document type, has ISO dates or none, and serialises as strict JSON (valid
// UTF-8 everywhere: a bad byte there was an HTTP 500).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/json.h"
#include "document/aamva.h"
#include "document/fields.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto r = idmatch::document::ParseAamva(std::string_view(reinterpret_cast<const char*>(data), size));
  if (r.ok()) {
    if (r->document_type != "DL" && r->document_type != "ID") __builtin_trap();
    for (const auto* d : {&r->birth_date, &r->expiry_date, &r->issue_date}) {
      if (!d->empty() && (d->size() != 10 || (*d)[4] != '-' || (*d)[7] != '-')) __builtin_trap();
    }
    idmatch::DocumentRead read;
    read.fields = idmatch::document::FromAamva(*r);
    try {
      (void)idmatch::api::ToJson(read).dump();  // strict: throws on invalid UTF-8
    } catch (...) {
      __builtin_trap();
    }
  }
  return 0;
}
