#include "card_pairs.h"

#include <opencv2/imgcodecs.hpp>
#include <vector>

#include "card_factory.h"
#include "document_factory.h"

namespace idmatch::testing {

std::string CardPhotoJpeg(const cv::Mat& face_photo, unsigned seed) {
  const cv::Mat photo = PhotographCard(LicenceFront(face_photo), seed);
  std::vector<uchar> bytes;
  cv::imencode(".jpg", photo, bytes, {cv::IMWRITE_JPEG_QUALITY, 90});
  return std::string(bytes.begin(), bytes.end());
}

}  // namespace idmatch::testing
