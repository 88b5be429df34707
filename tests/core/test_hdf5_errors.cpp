// HDF5 failures leave nothing on the thread's error stack: records left on a worker thread kept
// IDs open, and HDF5 then looped closing its library at exit (seen after a failed GUI save).
#include <gtest/gtest.h>
#include <hdf5.h>

#include <thread>

#include "core/formats/project_file.h"
#include "core/util/error.h"

TEST(Hdf5Errors, AFailedWriteLeavesNoErrorRecords) {
    ssize_t left = -1;
    std::string message;
    std::thread worker([&] {
        try {
            qb::writeProject("/nonexistent/dir/x.qbproj", qb::Project{});
        } catch (const qb::Error& e) {
            message = e.what();
        }
        left = H5Eget_num(H5E_DEFAULT);
    });
    worker.join();
    EXPECT_EQ(message.rfind("/nonexistent/dir/x.qbproj: cannot create: HDF5: ", 0), 0u) << message;
    EXPECT_EQ(left, 0);
}
