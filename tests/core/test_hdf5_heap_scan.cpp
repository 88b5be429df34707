// The global heap scan that runs before HDF5 opens a project or a Keras file reads every byte of
// the file through its memory map; its peak resident set must stay small whatever the file's size
// (a project of a 70B-shaped checkpoint holds GB-long stretches of zeros).
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "core/formats/hdf5_util.h"
#include "core/tensor/mapped_file.h"
#include "test_support.h"

TEST(Hdf5HeapScan, ReleasesALongStretchOfZerosBehindIt) {
    // A superblock (version 0, 8-byte lengths), 1 GiB of holes that read as zeros, then a global
    // heap collection whose object 1 claims a size past its end: the scan must reach it (its
    // error names it) with the zeros behind it released as it goes, not all resident at once.
    constexpr long long kStretch = 1ll << 30;
    qb::test::TempDir dir;
    const std::string path = dir.file("zeros.h5");
    {
        const int fd = ::open(path.c_str(), O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0644);
        ASSERT_GE(fd, 0);
        unsigned char super[16] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0, 0, 8, 8, 0};
        unsigned char heap[64] = {'G', 'C', 'O', 'L', 1, 0, 0, 0};
        const uint64_t collection = sizeof heap, index = 1, objectSize = 1000;
        std::memcpy(heap + 8, &collection, 8);
        std::memcpy(heap + 16, &index, 2);
        std::memcpy(heap + 24, &objectSize, 8);
        ASSERT_EQ(::pwrite(fd, super, sizeof super, 0), ssize_t(sizeof super));
        ASSERT_EQ(::pwrite(fd, heap, sizeof heap, kStretch), ssize_t(sizeof heap));
        ASSERT_EQ(::close(fd), 0);
    }
    const auto map = qb::MappedFile::open(path);
    if (!qb::test::resetPeakRss()) GTEST_SKIP() << "/proc/self/clear_refs cannot reset the peak resident set here";
    const long long before = qb::test::statusBytes("VmRSS:");
    const auto bad = qb::h5::corruptGlobalHeap(map->bytes());
    const long long grown = qb::test::statusBytes("VmHWM:") - before;
    ASSERT_TRUE(bad.has_value());
    EXPECT_EQ(*bad, "global heap collection at offset " + std::to_string(kStretch) + ": object 1 (offset " +
                        std::to_string(kStretch + 16) + ") has size 1000, past the collection's end");
    // Released every 64 MiB: measured 63 MiB of growth with that, 1023 MiB (all of it) without.
    // Up to 256 MiB leaves room for the allocator and a slow release without hiding a regression.
    EXPECT_LT(grown, 256ll << 20) << "the peak grew by " << grown / (1 << 20) << " MiB over a 1 GiB stretch";
}
