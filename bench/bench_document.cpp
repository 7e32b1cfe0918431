// Benchmark: PDF417 read + AAMVA parse on a ~2 MP photo of a licence back
// (generated: tests/support/document_factory.h), one thread.
// Usage: bench_document [ITERATIONS] (default 20, after 2 warm-up reads).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <opencv2/core.hpp>

#include "document/aamva.h"
#include "document/pdf417.h"
#include "support/document_factory.h"

int main(int argc, char** argv) {
  using namespace idmatch;
  const int iterations = argc > 1 ? std::max(1, std::atoi(argv[1])) : 20;
  cv::setNumThreads(1);
  const std::string record = testing::AamvaRecordText(10, {{"DL", testing::SampleLicenceElements()}});
  std::vector<double> ms;
  int read = 0;
  for (unsigned seed = 1; seed <= 2; ++seed) {
    const cv::Mat photo = testing::CardOnATable(testing::Pdf417Image(record, 3), seed);
    for (int i = 0; i < iterations + 2; ++i) {
      const auto start = std::chrono::steady_clock::now();
      auto r = document::ReadPdf417(photo);
      const bool ok = r.ok() && document::ParseAamva(r->bytes).ok();
      const double t = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      if (i >= 2) {
        ms.push_back(t);
        read += ok;
      }
    }
  }
  std::sort(ms.begin(), ms.end());
  std::printf("idmatch bench_document: PDF417 read + AAMVA parse, 1920x1080 photo, 1 thread, %zu reads (%d ok)\n",
              ms.size(), read);
  std::printf("  min %.1f  median %.1f  max %.1f ms\n", ms.front(), ms[ms.size() / 2], ms.back());
  return 0;
}
