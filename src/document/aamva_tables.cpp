#include "document/aamva_tables.h"

#include <algorithm>
#include <array>
#include <utility>

namespace idmatch::document {
namespace {

// Every element id of the DL/ID subfiles: the 2016/2020 mandatory and
// optional elements (D.12.5.1 / D.12.5.2), version 1-3 elements since
// retired (DAA full name, DAB last name, DAE-DAF prefixes/suffixes, DAL-DAP
// residence address, DAR-DAT classes, DAV/DAX metric height/weight, DBE-DBR,
// DCT given names, DCH), and the learner's permit elements (PAA-PAF).
constexpr std::array<std::string_view, 104> kElementIds = {
    "DAA", "DAB", "DAC", "DAD", "DAE", "DAF", "DAG", "DAH", "DAI", "DAJ", "DAK", "DAL", "DAM", "DAN", "DAO",
    "DAP", "DAQ", "DAR", "DAS", "DAT", "DAU", "DAV", "DAW", "DAX", "DAY", "DAZ", "DBA", "DBB", "DBC", "DBD",
    "DBE", "DBF", "DBG", "DBH", "DBI", "DBJ", "DBK", "DBL", "DBM", "DBN", "DBO", "DBP", "DBQ", "DBR", "DBS",
    "DCA", "DCB", "DCD", "DCE", "DCF", "DCG", "DCH", "DCI", "DCJ", "DCK", "DCL", "DCM", "DCN", "DCO", "DCP",
    "DCQ", "DCR", "DCS", "DCT", "DCU", "DDA", "DDB", "DDC", "DDD", "DDE", "DDF", "DDG", "DDH", "DDI", "DDJ",
    "DDK", "DDL", "PAA", "PAB", "PAC", "PAD", "PAE", "PAF", "DCV", "DCW", "DCX", "DCY", "DCZ", "DDM", "DDN",
    "DDO", "DDP", "DDQ", "DDR", "DDS", "DDT", "DDU", "DDV", "DDW", "DDX", "DDY", "DDZ", "DBT", "DBU"};

// AAMVA's IIN assignments for US states, territories and Canadian provinces
// (the 636xxx block and 604426-604434).
constexpr std::array<std::pair<std::string_view, AamvaIssuer>, 68> kIssuers = {{
    {"604426", {"PE", "CAN"}}, {"604427", {"AS", "USA"}}, {"604428", {"QC", "CAN"}}, {"604429", {"YT", "CAN"}},
    {"604430", {"MP", "USA"}}, {"604431", {"PR", "USA"}}, {"604432", {"AB", "CAN"}}, {"604433", {"NU", "CAN"}},
    {"604434", {"NT", "CAN"}}, {"636000", {"VA", "USA"}}, {"636001", {"NY", "USA"}}, {"636002", {"MA", "USA"}},
    {"636003", {"MD", "USA"}}, {"636004", {"NC", "USA"}}, {"636005", {"SC", "USA"}}, {"636006", {"CT", "USA"}},
    {"636007", {"LA", "USA"}}, {"636008", {"MT", "USA"}}, {"636009", {"NM", "USA"}}, {"636010", {"FL", "USA"}},
    {"636011", {"DE", "USA"}}, {"636012", {"ON", "CAN"}}, {"636013", {"NS", "CAN"}}, {"636014", {"CA", "USA"}},
    {"636015", {"TX", "USA"}}, {"636016", {"NL", "CAN"}}, {"636017", {"NB", "CAN"}}, {"636018", {"IA", "USA"}},
    {"636019", {"GU", "USA"}}, {"636020", {"CO", "USA"}}, {"636021", {"AR", "USA"}}, {"636022", {"KS", "USA"}},
    {"636023", {"OH", "USA"}}, {"636024", {"VT", "USA"}}, {"636025", {"PA", "USA"}}, {"636026", {"AZ", "USA"}},
    {"636028", {"BC", "CAN"}}, {"636029", {"OR", "USA"}}, {"636030", {"MO", "USA"}}, {"636031", {"WI", "USA"}},
    {"636032", {"MI", "USA"}}, {"636033", {"AL", "USA"}}, {"636034", {"ND", "USA"}}, {"636035", {"IL", "USA"}},
    {"636036", {"NJ", "USA"}}, {"636037", {"IN", "USA"}}, {"636038", {"MN", "USA"}}, {"636039", {"NH", "USA"}},
    {"636040", {"UT", "USA"}}, {"636041", {"ME", "USA"}}, {"636042", {"SD", "USA"}}, {"636043", {"DC", "USA"}},
    {"636044", {"SK", "CAN"}}, {"636045", {"WA", "USA"}}, {"636046", {"KY", "USA"}}, {"636047", {"HI", "USA"}},
    {"636048", {"MB", "CAN"}}, {"636049", {"NV", "USA"}}, {"636050", {"ID", "USA"}}, {"636051", {"MS", "USA"}},
    {"636052", {"RI", "USA"}}, {"636053", {"TN", "USA"}}, {"636054", {"NE", "USA"}}, {"636055", {"GA", "USA"}},
    {"636058", {"OK", "USA"}}, {"636059", {"AK", "USA"}}, {"636060", {"WY", "USA"}}, {"636061", {"WV", "USA"}},
}};

}  // namespace

bool IsAamvaElementId(std::string_view id) {
  return std::find(kElementIds.begin(), kElementIds.end(), id) != kElementIds.end();
}

AamvaIssuer AamvaIssuerOf(std::string_view iin) {
  for (const auto& [number, issuer] : kIssuers) {
    if (number == iin) return issuer;
  }
  return {};
}

}  // namespace idmatch::document
