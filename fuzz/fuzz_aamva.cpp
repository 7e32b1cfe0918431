// libFuzzer entry point for the AAMVA parser: barcode text is untrusted.
// Every input must end in a record or a Status; a record always names its
// document type and has ISO dates or none.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "document/aamva.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto r = idmatch::document::ParseAamva(std::string_view(reinterpret_cast<const char*>(data), size));
  if (r.ok()) {
    if (r->document_type != "DL" && r->document_type != "ID") __builtin_trap();
    for (const auto* d : {&r->birth_date, &r->expiry_date, &r->issue_date}) {
      if (!d->empty() && (d->size() != 10 || (*d)[4] != '-' || (*d)[7] != '-')) __builtin_trap();
    }
  }
  return 0;
}
