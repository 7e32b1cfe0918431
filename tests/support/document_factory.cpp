#include "document_factory.h"

#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace idmatch::testing {
namespace {

std::string Digits(size_t v, int width) {
  char b[16];
  std::snprintf(b, sizeof b, "%0*zu", width, v);
  return b;
}

}  // namespace

std::string AamvaRecordText(int version, const std::vector<AamvaSubfile>& subfiles, const std::string& iin) {
  std::string header =
      "@\n\x1e\rANSI " + iin + Digits(size_t(version), 2) + (version >= 2 ? "00" : "") + Digits(subfiles.size(), 2);
  std::vector<std::string> bodies;
  for (const auto& [type, elements] : subfiles) {
    std::string body = type;
    for (size_t i = 0; i < elements.size(); ++i) body += elements[i] + (i + 1 < elements.size() ? "\n" : "\r");
    bodies.push_back(body);
  }
  size_t offset = header.size() + 10 * subfiles.size();
  std::string designators, data;
  for (size_t i = 0; i < subfiles.size(); ++i) {
    designators += subfiles[i].first + Digits(offset, 4) + Digits(bodies[i].size(), 4);
    offset += bodies[i].size();
    data += bodies[i];
  }
  return header + designators + data;
}

const std::vector<std::string>& SampleLicenceElements() {
  static const std::vector<std::string> kElements = {
      "DAQD1234562", "DCSSAMPLE",      "DACALEXANDER", "DADJOSEPH",          "DBD01012020",        "DBB08311977",
      "DBA08312027", "DBC1",           "DAYBRO",       "DAU070 IN",          "DAG123 MAIN STREET", "DAISACRAMENTO",
      "DAJCA",       "DAK958350000  ", "DCGUSA",       "DCF83D9BN217QO983B1"};
  return kElements;
}

cv::Mat Pdf417Image(const std::string& bytes, int module_px) {
  std::wstring wide(bytes.begin(), bytes.end());
  for (size_t i = 0; i < bytes.size(); ++i) wide[i] = static_cast<unsigned char>(bytes[i]);  // Latin-1
  ZXing::MultiFormatWriter writer(ZXing::BarcodeFormat::PDF417);
  writer.setEncoding(ZXing::CharacterSet::ISO8859_1).setMargin(2);
  const ZXing::BitMatrix bits = writer.encode(wide, 0, 0);
  cv::Mat img(bits.height(), bits.width(), CV_8UC1);
  for (int y = 0; y < bits.height(); ++y) {
    for (int x = 0; x < bits.width(); ++x) img.at<uchar>(y, x) = bits.get(x, y) ? 0 : 255;
  }
  cv::Mat scaled, bgr;
  // PDF417 rows are taller than modules are wide (row height 3 modules).
  cv::resize(img, scaled, cv::Size(), module_px, module_px * 3, cv::INTER_NEAREST);
  cv::copyMakeBorder(scaled, scaled, 8 * module_px, 8 * module_px, 8 * module_px, 8 * module_px, cv::BORDER_CONSTANT,
                     cv::Scalar(255));
  cv::cvtColor(scaled, bgr, cv::COLOR_GRAY2BGR);
  return bgr;
}

// The card on a table: a 1920x1080 photo, the card's back (barcode on a pale
// card) a little rotated and in perspective, soft focus, a glare spot, JPEG.
cv::Mat CardOnATable(const cv::Mat& symbol, unsigned seed) {
  // An ID-1 card (85.6 x 54 mm) whose barcode spans most of its width, as on
  // the back of US licences.
  const int card_w = int(symbol.cols * 1.1);
  cv::Mat card(std::max(int(card_w / 1.586), int(symbol.rows * 1.3)), card_w, CV_8UC3, cv::Scalar(228, 232, 236));
  symbol.copyTo(card(
      cv::Rect((card.cols - symbol.cols) / 2, card.rows - symbol.rows - symbol.rows / 10, symbol.cols, symbol.rows)));
  return PhotographCard(card, seed);
}

cv::Mat PhotographCard(const cv::Mat& card, unsigned seed) {
  cv::RNG rng(seed);
  cv::Mat photo(1080, 1920, CV_8UC3, cv::Scalar(70, 85, 105));  // wooden table
  cv::randn(photo, cv::Scalar(70, 85, 105), cv::Scalar(8, 8, 8));
  const double scale = std::min(1500.0 / card.cols, 900.0 / card.rows);  // the card fills most of the frame
  const float w = float(card.cols), h = float(card.rows);
  const cv::Point2f from[4] = {{0, 0}, {w, 0}, {w, h}, {0, h}};
  const cv::Point2f centre(960 + float(rng.uniform(-80, 80)), 540 + float(rng.uniform(-40, 40)));
  const double angle = rng.uniform(-0.15, 0.15);
  cv::Point2f to[4];
  for (int i = 0; i < 4; ++i) {
    const double dx = (from[i].x - w / 2) * scale * (1 + (i == 1 || i == 2 ? 0.06 : 0.0));  // perspective
    const double dy = (from[i].y - h / 2) * scale;
    to[i] = {centre.x + float(dx * std::cos(angle) - dy * std::sin(angle)),
             centre.y + float(dx * std::sin(angle) + dy * std::cos(angle))};
  }
  cv::Mat warped, mask;
  const cv::Mat m = cv::getPerspectiveTransform(from, to);
  cv::warpPerspective(card, warped, m, photo.size(), cv::INTER_AREA);
  cv::warpPerspective(cv::Mat(card.size(), CV_8U, cv::Scalar(255)), mask, m, photo.size());
  warped.copyTo(photo, mask);
  cv::GaussianBlur(photo, photo, cv::Size(), 0.8);
  cv::Mat glare(photo.size(), CV_8UC3, cv::Scalar(0, 0, 0));
  cv::ellipse(glare, cv::Point(int(centre.x) - 300, int(centre.y) - 150), cv::Size(160, 70), 20, 0, 360,
              cv::Scalar(60, 60, 60), cv::FILLED);
  cv::GaussianBlur(glare, glare, cv::Size(), 40);
  photo += glare;
  std::vector<uchar> buf;
  cv::imencode(".jpg", photo, buf, {cv::IMWRITE_JPEG_QUALITY, 85});
  return cv::imdecode(buf, cv::IMREAD_COLOR);
}

}  // namespace idmatch::testing
